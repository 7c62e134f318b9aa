namespace FunAsr.Learning.Lectures;

/// <summary>
/// A lecture's sentences with their times, as QaBot publishes them on <c>qa:lectures</c> (and answers at
/// <c>GET /api/qa/lectures/{id}/sentences</c>): QaBot owns lectures and splits them into sentences; the learning layer
/// keeps this copy to teach from.
/// </summary>
public sealed record LectureContent(string Id, string Title, string Language, double Duration, int Version, IReadOnlyList<TimedText> Sentences);

public sealed record TimedText(int Index, string Text, double Start, double End);
