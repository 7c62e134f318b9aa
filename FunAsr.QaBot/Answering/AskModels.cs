using FunAsr.Text.Scripts;
using System.Text.Json.Serialization;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Answering;

public sealed record AskRequest(string? Question, IReadOnlyList<string>? LectureIds, string? Language)
{
    /// <summary>The lectures the asker may read (null: all, for admins); set by the endpoint from the caller, never read from the body.</summary>
    [JsonIgnore]
    public IReadOnlySet<string>? Readable { get; init; }
}

/// <summary>
/// A place in a lecture that supports the answer: <see cref="Start"/>–<see cref="End"/> and <see cref="Text"/> are the
/// answering sentences themselves (what a click plays), <see cref="Context"/> the sentences around them.
/// </summary>
public sealed record Citation(string Id, string LectureId, string Title, double Start, double End, string Text, double Score)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Context { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? ContextStart { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? ContextEnd { get; init; }

    public static Citation From(Passage passage, double score) =>
        new(passage.Id, passage.LectureId, passage.LectureTitle, passage.Start, passage.End, passage.Text, Math.Round(score, 4));
}

/// <summary>A lecture that came closest to a question the material does not answer.</summary>
public sealed record LectureSuggestion(string LectureId, string Title);

public sealed record AskResponse(
    string Answer,
    IReadOnlyList<Citation> Citations,
    string Mode,
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Question = null)
{
    /// <summary>Extractive mode: the share of the question the best sentence window covers (what abstention compares with its threshold).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Confidence { get; init; }

    /// <summary>When nothing answers: the lectures closest to the question, to look in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<LectureSuggestion>? Suggestions { get; init; }
}

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
    public const string Japanese = "研修資料には該当する内容が見つかりませんでした。";

    /// <summary>The asker's language is the question's own when its script tells (a Chinese question asked on the English page gets a Chinese answer), else the page's.</summary>
    public static string For(string question, string? language)
    {
        var written = TextScript.DetectLanguage(question);
        var asked = written != "en" || question.Any(char.IsAsciiLetter) ? written : language ?? written;
        return asked switch
        {
            "ja" => Japanese,
            _ when TextScript.IsChineseLike(asked) => Chinese,
            _ => English,
        };
    }

    public static string LanguageOf(string notFound) => notFound == Chinese ? "zh" : notFound == Japanese ? "ja" : "en";

    public static bool Is(string answer) =>
        answer.TrimStart().StartsWith(English.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
        || answer.TrimStart().StartsWith(Chinese.TrimEnd('。'), StringComparison.Ordinal)
        || answer.TrimStart().StartsWith(Japanese.TrimEnd('。'), StringComparison.Ordinal);
}
