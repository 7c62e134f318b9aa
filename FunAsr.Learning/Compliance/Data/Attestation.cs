namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// A person's signed statement (21 CFR 11.50): who, when, the exact text attested, what it is bound to, and how they had
/// just re-authenticated. Rows are only inserted.
/// </summary>
public sealed class Attestation
{
    public Guid Id { get; set; }

    public Guid AssignmentId { get; set; }

    public required string PersonId { get; set; }

    public required string PersonName { get; set; }

    public DateTime At { get; set; }

    public required string Text { get; set; }

    /// <summary>Hex SHA-256 of <see cref="Text"/>.</summary>
    public required string TextHash { get; set; }

    /// <summary>password or sso.</summary>
    public required string AuthMethod { get; set; }

    public DateTime AuthenticatedAt { get; set; }
}
