namespace FunAsr.QaBot.Compliance;

/// <summary>
/// The clear transcript of a redacted lecture, kept apart from the lecture (<c>qa:clear:{id}</c>): never indexed, never in
/// answers, notes or subtitles, shown only by <see cref="ClearTextEndpoints"/> to the roles allowed to see it. It is the
/// transcript as recognised: corrections to the lecture do not reach it.
/// </summary>
public sealed record ClearText(string LectureId, string Text, IReadOnlyList<ClearTextSegment> Segments, DateTimeOffset StoredAt);

/// <summary>One segment of a clear transcript, with the speaker the lecture's segment names.</summary>
public sealed record ClearTextSegment(double Start, double End, string Text, string? Speaker = null);

/// <summary>The answer of <c>GET /api/qa/lectures/{id}/clear</c>.</summary>
public sealed record ClearTextView(string LectureId, string Title, string Text, IReadOnlyList<ClearTextSegment> Segments, DateTimeOffset StoredAt, string RecordedAs);
