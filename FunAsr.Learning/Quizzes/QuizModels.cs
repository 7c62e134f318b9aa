using FunAsr.Learning.Lectures;

namespace FunAsr.Learning.Quizzes;

/// <summary>The lecture moment that answers an item: play from <see cref="Start"/> to <see cref="End"/>.</summary>
public sealed record LectureMoment(string LectureId, string? Title, int Sentence, string Text, double Start, double End);

public sealed record QuizSummary(Guid Id, string LectureId, string Title, string Status, int Items, int ApprovedItems, DateTime CreatedAt, DateTime? PublishedAt);

/// <summary>An item as a content user edits it: everything, answers included.</summary>
public sealed record QuizItemDetail(
    int Id, int Position, string Kind, string Status, string Prompt, IReadOnlyList<string>? Choices, IReadOnlyList<string>? Terms,
    IReadOnlyList<string>? Definitions, int? Correct, IReadOnlyList<string>? Accepted, IReadOnlyList<int>? Pairs,
    IReadOnlyList<PointRef> Points, LectureMoment Moment, string Writer, double Difficulty, int Answers);

public sealed record PointRef(int Id, string Label);

public sealed record QuizDetail(Guid Id, string LectureId, string Title, string Language, string Status, double PassScore, IReadOnlyList<QuizItemDetail> Items);

/// <summary>An item as a learner sees it: no answers.</summary>
public sealed record QuizItemView(int Id, int Position, string Kind, string Prompt, IReadOnlyList<string>? Choices, IReadOnlyList<string>? Terms, IReadOnlyList<string>? Definitions);

public sealed record QuizView(Guid Id, string LectureId, string Title, string Language, double PassScore, IReadOnlyList<QuizItemView> Items);

/// <summary>Body of <c>PUT …/items/{itemId}</c>: what to change (absent fields stay).</summary>
public sealed record ItemEdit(string? Prompt, IReadOnlyList<string>? Choices, int? Correct, IReadOnlyList<string>? Accepted,
    IReadOnlyList<string>? Terms, IReadOnlyList<string>? Definitions, IReadOnlyList<int>? Pairs);

public sealed record PublishRequest(bool ApproveAll = false);

internal static class QuizText
{
    public static LectureMoment Moment(QuizItem item, string lectureId, string? title) =>
        new(lectureId, title, item.SentenceIndex, item.SentenceText, item.Start, item.End);

    public static TimedText Sentence(QuizItem item) => new(item.SentenceIndex, item.SentenceText, item.Start, item.End);
}
