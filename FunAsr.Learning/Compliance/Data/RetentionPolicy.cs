namespace FunAsr.Learning.Compliance.Data;

/// <summary>How long one type of data is kept (recordings, transcripts, alerts) before the retention job deletes it.</summary>
public sealed class RetentionPolicy
{
    public required string DataType { get; set; }

    public int Days { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A legal hold on a lecture or a person: while it stands nothing of theirs is deleted, whatever its age.</summary>
public sealed class LegalHold
{
    public Guid Id { get; set; }

    /// <summary>lecture or person.</summary>
    public required string SubjectType { get; set; }

    public required string SubjectId { get; set; }

    public required string Reason { get; set; }

    public required string PlacedBy { get; set; }

    public DateTime PlacedAt { get; set; }

    public string? ReleasedBy { get; set; }

    public DateTime? ReleasedAt { get; set; }
}
