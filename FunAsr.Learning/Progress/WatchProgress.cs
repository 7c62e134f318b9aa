namespace FunAsr.Learning.Progress;

/// <summary>How much of a lecture one learner has played: the merged time ranges, and whether that completes it.</summary>
public sealed class WatchProgress
{
    public required string UserId { get; set; }
    public required string LectureId { get; set; }

    /// <summary>Played ranges [[start, end], …] in seconds, merged and sorted (JSON).</summary>
    public string Ranges { get; set; } = "[]";

    public double Watched { get; set; }
    public double Duration { get; set; }
    public double Progress { get; set; }
    public double LastPosition { get; set; }

    /// <summary>The highest tenth of the lecture a "progressed" statement was recorded for.</summary>
    public int ReportedTenth { get; set; }

    public bool Completed { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
