namespace FunAsr.Learning.Questions;

/// <summary>
/// What QaBot publishes on <c>qa:events:questions</c> (field <c>payload</c>) when it has answered a question: who asked, what,
/// and what it answered with which lectures.
/// </summary>
public sealed record QuestionEvent(
    Guid Id,
    string? UserId,
    string? Name,
    string? Department,
    string? Question,
    string? Answer,
    bool Found,
    string? Language,
    IReadOnlyList<CitedLecture>? Lectures,
    DateTimeOffset AskedAt);

public sealed record CitedLecture(string LectureId, string? Title);
