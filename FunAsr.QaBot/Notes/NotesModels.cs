using FunAsr.QaBot.Answering;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// A glossary term and the sentence that teaches it, with that sentence's time so a click plays it. <see cref="Kind"/> is
/// "defines" when the sentence says what the term is, "explains" when it is the best explanation near the first mention.
/// </summary>
public sealed record GlossaryEntry(string Term, string Definition, double? Start = null, double? End = null, string? Kind = null);

/// <summary>A key point: one sentence of the lecture, or two when the first is needed to understand the second.</summary>
public sealed record KeyPoint(string Text, double? Start = null, double? End = null);

/// <summary>A topical section of the lecture: a title made of its top terms, its time span and a one- or two-sentence summary.</summary>
public sealed record Chapter(string Title, double Start, double End, IReadOnlyList<string> Terms, string Summary, double? SummaryStart = null);

public sealed record QuizItem(string Question, string Answer, Citation? Citation);

/// <summary>An action item with who takes it on (a diarized lecture's speaker who said "I will …") and when it was said.</summary>
public sealed record ActionItem(string Text, string? Owner, double? Start = null, double? End = null);

/// <summary>Publishable notes for one lecture; <see cref="Markdown"/> renders all other fields, <c>?format=vtt</c> the chapters.</summary>
public sealed record LectureNotes(
    string LectureId,
    string Title,
    string Summary,
    IReadOnlyList<Chapter> Chapters,
    IReadOnlyList<KeyPoint> KeyPoints,
    IReadOnlyList<GlossaryEntry> Glossary,
    IReadOnlyList<string> ActionItems,
    IReadOnlyList<QuizItem> Quiz,
    string Model,
    string Markdown)
{
    /// <summary>The action items with their owners and times (extractive notes); <see cref="ActionItems"/> reads "Owner: text" where one is known.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ActionItem>? Actions { get; init; }
}

/// <summary>The fields a model must return, as the JSON schema of the generative notes prompt.</summary>
public sealed class GeneratedNotes
{
    public string Title { get; set; } = "";

    /// <summary>One entry per chapter the model was given, naming it by its id (C1, C2, …) and its start time.</summary>
    public List<GeneratedChapterSummary> Chapters { get; set; } = [];
    public List<GeneratedKeyPoint> KeyPoints { get; set; } = [];
    public List<GeneratedGlossaryEntry> Glossary { get; set; } = [];
    public List<string> ActionItems { get; set; } = [];
    public List<GeneratedQuizItem> Quiz { get; set; } = [];
}

public sealed class GeneratedChapterSummary
{
    /// <summary>The chapter's id as given (C1, C2, …).</summary>
    public string Chapter { get; set; } = "";

    /// <summary>The chapter's start time as given (m:ss).</summary>
    public string Time { get; set; } = "";
    public string Summary { get; set; } = "";
}

public sealed class GeneratedKeyPoint
{
    public string Text { get; set; } = "";

    /// <summary>The id of the chapter the point comes from.</summary>
    public string Chapter { get; set; } = "";
}

public sealed class GeneratedGlossaryEntry
{
    public string Term { get; set; } = "";
    public string Definition { get; set; } = "";

    /// <summary>The id of the chapter that defines the term.</summary>
    public string Chapter { get; set; } = "";
}

public sealed class GeneratedQuizItem
{
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";

    /// <summary>The id (S1, S2, …) of the transcript section the answer comes from.</summary>
    public string Citation { get; set; } = "";
}
