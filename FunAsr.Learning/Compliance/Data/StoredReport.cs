namespace FunAsr.Learning.Compliance.Data;

/// <summary>A generated audit report, kept with its three renderings.</summary>
public sealed class StoredReport
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    /// <summary>on-demand or the schedule's name.</summary>
    public required string Trigger { get; set; }

    public DateTime From { get; set; }

    public DateTime To { get; set; }

    public string? Department { get; set; }

    public string? LectureId { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Counts per section, as JSON, for the list.</summary>
    public required string Summary { get; set; }

    public required byte[] Pdf { get; set; }

    public required byte[] Csv { get; set; }

    public required byte[] Xlsx { get; set; }
}
