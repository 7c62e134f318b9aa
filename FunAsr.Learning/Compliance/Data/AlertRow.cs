namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// A finding raised as an alert for compliance users: where it was said or written, what kind, a masked excerpt (never
/// the clear value), and who acknowledged it.
/// </summary>
public sealed class AlertRow
{
    /// <summary>Arrival order: the inbox stream resumes after the last one a page saw.</summary>
    public long Sequence { get; set; }

    public Guid Id { get; set; }

    /// <summary>Set by the producer so that a re-delivered finding raises one alert (the live stream's final id and span).</summary>
    public required string DedupeKey { get; set; }

    public required string Kind { get; set; }

    /// <summary>live, lecture, job, question, edit.</summary>
    public required string Source { get; set; }

    /// <summary>The live session, lecture or job it came from.</summary>
    public string? SourceId { get; set; }

    public string? SourceTitle { get; set; }

    /// <summary>Whose speech or upload it was (for legal holds and department reports).</summary>
    public string? PersonId { get; set; }

    public string? PersonName { get; set; }

    public string? Department { get; set; }

    public required string Excerpt { get; set; }

    public string? Term { get; set; }

    public double Confidence { get; set; }

    public string? Reason { get; set; }

    /// <summary>Seconds into the recording or live stream.</summary>
    public double? StartTime { get; set; }

    public double? EndTime { get; set; }

    public DateTime DetectedAt { get; set; }

    public DateTime RaisedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgedByName { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public string? AcknowledgementNote { get; set; }
}
