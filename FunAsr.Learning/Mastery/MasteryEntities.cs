namespace FunAsr.Learning.Mastery;

/// <summary>Someone the learning layer has seen: who, where they belong, and their Elo skill over every answer.</summary>
public sealed class Learner
{
    public required string UserId { get; set; }
    public string? Name { get; set; }
    public string? Department { get; set; }
    public double Skill { get; set; }
    public int Answers { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
}

/// <summary>
/// What one learner knows of one knowledge point: P(L) by BKT, and the point's memory for reviews (FSRS stability,
/// difficulty, next due date).
/// </summary>
public sealed class MasteryState
{
    public required string UserId { get; set; }
    public int KnowledgePointId { get; set; }
    public double Known { get; set; }
    public int Answers { get; set; }
    public int Correct { get; set; }
    public bool Mastered { get; set; }
    public DateTime? MasteredAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public double Stability { get; set; }
    public double ReviewDifficulty { get; set; }
    public DateTime LastReview { get; set; }
    public DateTime Due { get; set; }
    public int Lapses { get; set; }
}

/// <summary>P(L) after an attempt, for the chart of mastery over time.</summary>
public sealed class MasterySample
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public int KnowledgePointId { get; set; }
    public double Known { get; set; }
    public DateTime At { get; set; }
}
