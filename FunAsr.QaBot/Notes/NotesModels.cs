using FunAsr.QaBot.Answering;

namespace FunAsr.QaBot.Notes;

public sealed record GlossaryEntry(string Term, string Definition);

public sealed record QuizItem(string Question, string Answer, Citation? Citation);

/// <summary>Publishable notes for one lecture; <see cref="Markdown"/> renders all other fields.</summary>
public sealed record LectureNotes(
    string LectureId,
    string Title,
    string Summary,
    IReadOnlyList<string> KeyPoints,
    IReadOnlyList<GlossaryEntry> Glossary,
    IReadOnlyList<string> ActionItems,
    IReadOnlyList<QuizItem> Quiz,
    string Model,
    string Markdown);

/// <summary>The fields a model must return, as the JSON schema of the generative notes prompt.</summary>
public sealed class GeneratedNotes
{
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<string> KeyPoints { get; set; } = [];
    public List<GeneratedGlossaryEntry> Glossary { get; set; } = [];
    public List<string> ActionItems { get; set; } = [];
    public List<GeneratedQuizItem> Quiz { get; set; } = [];
}

public sealed class GeneratedGlossaryEntry
{
    public string Term { get; set; } = "";
    public string Definition { get; set; } = "";
}

public sealed class GeneratedQuizItem
{
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";

    /// <summary>The id (S1, S2, …) of the transcript section the answer comes from.</summary>
    public string Citation { get; set; } = "";
}
