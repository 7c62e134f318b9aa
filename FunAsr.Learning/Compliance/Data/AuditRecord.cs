namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// One compliance event in the tamper-evident trail. Rows are only inserted (the database refuses UPDATE and DELETE);
/// each holds the SHA-256 of the row before it and of itself, so an edit made behind the service's back breaks the chain
/// at the edited row.
/// </summary>
public sealed class AuditRecord
{
    public long Sequence { get; set; }

    public DateTime At { get; set; }

    /// <summary>One of <see cref="Audit.AuditKinds"/>.</summary>
    public required string Kind { get; set; }

    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    /// <summary>What the event is about: an alert, assignment, certificate or report id, a lecture, a person.</summary>
    public string? Subject { get; set; }

    /// <summary>The event's details as JSON (masked values only).</summary>
    public required string Detail { get; set; }

    /// <summary>Hex SHA-256 of the previous row (64 zeros for the first).</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Hex SHA-256 of <see cref="PreviousHash"/> and this row's fields.</summary>
    public required string Hash { get; set; }
}
