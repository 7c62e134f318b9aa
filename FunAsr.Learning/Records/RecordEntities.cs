namespace FunAsr.Learning.Records;

/// <summary>
/// One xAPI 1.0.3 statement as stored: never updated or deleted (a correction is a new <c>voided</c> statement that
/// names this one). The columns are what queries filter on; <see cref="Json"/> is the statement as issued.
/// </summary>
public sealed class StoredStatement
{
    /// <summary>Store order; the <c>more</c> cursor of a statement query pages on it.</summary>
    public long Sequence { get; set; }

    /// <summary>The statement's own id (xAPI <c>id</c>).</summary>
    public Guid Id { get; set; }

    /// <summary>The actor's account name (the platform's user id).</summary>
    public required string ActorKey { get; set; }

    public required string VerbId { get; set; }

    /// <summary>The object's activity IRI, or the voided statement's id as text for <c>voided</c>.</summary>
    public required string ActivityId { get; set; }

    /// <summary>Set on a <c>voided</c> statement: the statement it voids.</summary>
    public Guid? VoidedStatementId { get; set; }

    public Guid? Registration { get; set; }

    public DateTime Timestamp { get; set; }

    /// <summary>When the store accepted it (xAPI <c>stored</c>).</summary>
    public DateTime Stored { get; set; }

    public required string Json { get; set; }
}

/// <summary>A statement still to be forwarded to the company's LRS: written with the statement, removed once the LRS has it.</summary>
public sealed class OutboxEntry
{
    public long Sequence { get; set; }
    public Guid StatementId { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The LRS refused this statement for good (invalid, or another statement holds its id): kept, not retried.</summary>
    public bool Refused { get; set; }

    public StoredStatement? Statement { get; set; }
}
