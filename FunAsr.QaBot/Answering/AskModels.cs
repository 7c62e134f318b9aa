using FunAsr.Text.Scripts;
using System.Text.Json.Serialization;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Answering;

public sealed record AskRequest(string? Question, IReadOnlyList<string>? LectureIds, string? Language);

/// <summary>A place in a lecture that supports the answer.</summary>
public sealed record Citation(string Id, string LectureId, string Title, double Start, double End, string Text, double Score)
{
    public static Citation From(Passage passage, double score) =>
        new(passage.Id, passage.LectureId, passage.LectureTitle, passage.Start, passage.End, passage.Text, Math.Round(score, 4));
}

public sealed record AskResponse(
    string Answer,
    IReadOnlyList<Citation> Citations,
    string Mode,
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Question = null);

public static class AnswerModes
{
    public const string Extractive = "extractive";
    public const string Generative = "generative";
}

/// <summary>The honest answer when the material does not cover a question, in the question's language.</summary>
public static class NotFoundAnswer
{
    public const string English = "Not found in the training material.";
    public const string Chinese = "培训资料中没有找到相关内容。";

    public static string For(string question, string? language) =>
        TextScript.IsChineseLike(language ?? TextScript.DetectLanguage(question)) ? Chinese : English;

    public static bool Is(string answer) =>
        answer.TrimStart().StartsWith(English.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
        || answer.TrimStart().StartsWith(Chinese.TrimEnd('。'), StringComparison.Ordinal);
}
