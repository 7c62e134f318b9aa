namespace FunAsr.Learning.Knowledge;

/// <summary>A concept of the library: one node of the graph, merged across the lectures that teach it.</summary>
public sealed class KnowledgePoint
{
    public int Id { get; set; }

    /// <summary>The concept extractor's key (stemmed phrase; the CJK word itself): what merges mentions across lectures.</summary>
    public required string Key { get; set; }

    public required string Label { get; set; }
    public required string Language { get; set; }

    /// <summary>The sentence that defines or explains it best, where one does.</summary>
    public string? Definition { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<KnowledgeSource> Sources { get; set; } = [];
}

/// <summary>Where a lecture teaches a knowledge point: the sentences that mention it and the one that defines it.</summary>
public sealed class KnowledgeSource
{
    public int Id { get; set; }
    public int KnowledgePointId { get; set; }
    public KnowledgePoint? KnowledgePoint { get; set; }
    public required string LectureId { get; set; }

    /// <summary>How this lecture says it.</summary>
    public required string Label { get; set; }

    public double Score { get; set; }

    /// <summary>Sentence indexes that mention it, in order (JSON array).</summary>
    public string Sentences { get; set; } = "[]";

    public int FirstSentence { get; set; }
    public int? DefinitionSentence { get; set; }

    /// <summary>"defines" when a sentence says what it is, "explains" for the best sentence near its first mention.</summary>
    public string? DefinitionKind { get; set; }
}

public enum EdgeStatus
{
    Suggested,
    Confirmed,
    Rejected,
}

/// <summary>"<see cref="PrerequisiteId"/> should be learnt before <see cref="PointId"/>": suggested, then confirmed or rejected by a content user.</summary>
public sealed class PrerequisiteEdge
{
    public int Id { get; set; }
    public int PrerequisiteId { get; set; }
    public int PointId { get; set; }
    public EdgeStatus Status { get; set; }

    /// <summary>Why it was suggested: how much more the dependent's passages mention the prerequisite than the reverse (RefD).</summary>
    public double Evidence { get; set; }

    public DateTime SuggestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
}
