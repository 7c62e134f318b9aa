namespace FunAsr.Learning.Compliance.Data;

/// <summary>What a person has watched of an assigned lecture: the union of the stretches played, so seeking to the end does not count.</summary>
public sealed class WatchProgress
{
    public Guid AssignmentId { get; set; }

    public required string PersonId { get; set; }

    /// <summary>Watched stretches as "start-end;start-end" in seconds, merged and sorted.</summary>
    public string Intervals { get; set; } = "";

    public double Duration { get; set; }

    public double Share { get; set; }

    public DateTime UpdatedAt { get; set; }
}
