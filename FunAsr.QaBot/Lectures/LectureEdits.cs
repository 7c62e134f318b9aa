namespace FunAsr.QaBot.Lectures;

/// <summary>
/// Body of <c>POST /api/qa/lectures/{id}/edits</c>: edits applied in order to the lecture as it is at
/// <see cref="BaseVersion"/> (a newer version means someone else saved meanwhile: 409). Segment numbers are positions
/// in the transcript as the previous edit left it.
/// </summary>
public sealed record LectureEditRequest(int? BaseVersion, IReadOnlyList<LectureEdit>? Edits);

/// <summary>
/// One edit. <c>text</c>: <see cref="Segment"/> gets <see cref="Text"/>. <c>times</c>: it gets <see cref="Start"/>/<see cref="End"/>.
/// <c>split</c>: it is cut at character <see cref="At"/> of its text (at <see cref="Time"/>, or where the word there was said).
/// <c>merge</c>: it is joined with the next segment. <c>title</c>: the lecture is renamed <see cref="Title"/>.
/// <c>language</c>: its language is <see cref="Language"/>. <c>visibility</c>: everyone, department (<see cref="Department"/>,
/// default the editor's own) or private.
/// </summary>
public sealed record LectureEdit(
    string? Op,
    int? Segment = null,
    string? Text = null,
    double? Start = null,
    double? End = null,
    int? At = null,
    double? Time = null,
    string? Title = null,
    string? Visibility = null,
    string? Language = null,
    string? Department = null);

/// <summary>One saved version: who saved it (their name), when, and what changed (each edit with the text or value before and after).</summary>
public sealed record LectureVersion(int Version, string Actor, DateTimeOffset At, IReadOnlyList<LectureChange> Changes);

/// <summary>The lecture exists, and the caller may see it but not change it.</summary>
public sealed class LectureForbiddenException(string id) : Exception($"You may read lecture '{id}' but not change it.");

public sealed record LectureChange(string Op, int? Segment, string? Before, string? After);

/// <summary>No lecture with the id, or none the caller may see.</summary>
public sealed class LectureNotFoundException(string id) : Exception($"No lecture with id '{id}'.");

/// <summary>The lecture changed since the version the edits were made against.</summary>
public sealed class LectureVersionConflictException(string id, int expected, int actual)
    : Exception($"Lecture '{id}' is at version {actual}, not {expected}: someone saved changes meanwhile. Reload it and apply your edits again.")
{
    public int CurrentVersion { get; } = actual;
}
