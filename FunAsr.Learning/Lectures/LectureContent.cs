namespace FunAsr.Learning.Lectures;

/// <summary>
/// A lecture's sentences with their times, as QaBot publishes them on <c>qa:events:lectures</c> (and answers at
/// <c>GET /api/qa/lectures/{id}/sentences</c>): QaBot owns lectures and splits them into sentences; the learning layer
/// keeps this copy to teach from.
/// </summary>
/// <param name="Revision">Grows with every save of the lecture (QaBot's save time in Unix milliseconds): a late event never replaces a newer one.</param>
public sealed record LectureContent(string Id, string Title, string Language, double Duration, long Revision, IReadOnlyList<TimedText> Sentences);

public sealed record TimedText(int Index, string Text, double Start, double End);
