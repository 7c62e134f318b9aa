namespace FunAsr.Learning.Compliance.Data;

/// <summary>A report generated every day, week or month for the period just ended.</summary>
public sealed class ReportSchedule
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>daily, weekly or monthly.</summary>
    public required string Frequency { get; set; }

    public string? Department { get; set; }

    public string? LectureId { get; set; }

    public DateTime NextRunAt { get; set; }

    public DateTime? LastRunAt { get; set; }

    public required string CreatedBy { get; set; }
}
