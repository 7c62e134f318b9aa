namespace FunAsr.Learning.Quizzes;

public enum QuizStatus
{
    /// <summary>Being reviewed by content users; employees do not see it.</summary>
    Draft,

    /// <summary>Employees see its approved items.</summary>
    Published,
}

public enum ItemKind
{
    /// <summary>A sentence of the lecture with the concept blanked out; typed or spoken answer.</summary>
    Cloze,

    /// <summary>A question in plain words whose answer is the concept; typed or spoken answer (written by an LLM when configured).</summary>
    ShortAnswer,

    /// <summary>Pick the concept that completes the sentence; distractors are neighbouring concepts.</summary>
    MultipleChoice,

    /// <summary>A sentence of the lecture, or the same sentence with another concept swapped in.</summary>
    TrueFalse,

    /// <summary>Terms to match with their definitions.</summary>
    Matching,
}

public enum ItemStatus
{
    Draft,
    Approved,
}

public sealed class Quiz
{
    public Guid Id { get; set; }
    public required string LectureId { get; set; }
    public required string Title { get; set; }
    public required string Language { get; set; }
    public QuizStatus Status { get; set; }
    public long LectureRevision { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
    public double PassScore { get; set; }
    public List<QuizItem> Items { get; set; } = [];
}

/// <summary>
/// One question: what it asks, its options (JSON), its answer (JSON), the knowledge points it tests and the lecture sentence
/// that answers it. Difficulty is its Elo rating over every answer it has had.
/// </summary>
public sealed class QuizItem
{
    public int Id { get; set; }
    public Guid QuizId { get; set; }
    public int Position { get; set; }
    public ItemKind Kind { get; set; }
    public ItemStatus Status { get; set; }
    public required string Prompt { get; set; }

    /// <summary><see cref="ItemOptions"/> as JSON.</summary>
    public string Options { get; set; } = "{}";

    /// <summary><see cref="ItemAnswer"/> as JSON.</summary>
    public string Answer { get; set; } = "{}";

    /// <summary>Knowledge point ids (JSON array).</summary>
    public string PointIds { get; set; } = "[]";

    public int SentenceIndex { get; set; }
    public required string SentenceText { get; set; }
    public double Start { get; set; }
    public double End { get; set; }

    /// <summary>"rules", "llm" or "edited".</summary>
    public required string Writer { get; set; }

    public double Difficulty { get; set; }
    public int Answers { get; set; }

    /// <summary>Removed after learners answered it: kept for their records, shown to no one.</summary>
    public bool Retired { get; set; }

    public string? EditedBy { get; set; }
    public DateTime? EditedAt { get; set; }
}

/// <summary>Choices (multiple choice, true/false) or terms and definitions (matching).</summary>
public sealed record ItemOptions(IReadOnlyList<string>? Choices = null, IReadOnlyList<string>? Terms = null, IReadOnlyList<string>? Definitions = null);

/// <summary>The right choice, the accepted short answers, or for each term the index of its definition.</summary>
public sealed record ItemAnswer(int? Choice = null, IReadOnlyList<string>? Accepted = null, IReadOnlyList<int>? Pairs = null);

public sealed class QuizAttempt
{
    public Guid Id { get; set; }
    public Guid QuizId { get; set; }
    public required string LectureId { get; set; }
    public required string UserId { get; set; }
    public string? Department { get; set; }
    public DateTime CompletedAt { get; set; }
    public double Score { get; set; }
    public bool Passed { get; set; }
    public int VoiceAnswers { get; set; }
    public List<ItemResponse> Responses { get; set; } = [];
}

public sealed class ItemResponse
{
    public int Id { get; set; }
    public Guid AttemptId { get; set; }
    public int ItemId { get; set; }
    public required string Response { get; set; }

    /// <summary>"text" or "voice".</summary>
    public required string Mode { get; set; }

    public bool Correct { get; set; }
    public double Score { get; set; }
    public int? DurationMs { get; set; }
}
