namespace FunAsr.Data.Accounts;

/// <summary>
/// A key an admin minted for a person (acts as them, never above their current role) or for a service. Only the
/// SHA-256 of the secret part is stored; the public <see cref="Id"/> is the part before the secret.
/// </summary>
public sealed class ApiKey
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Role { get; set; }

    /// <summary>The person the key belongs to; null for a service key.</summary>
    public string? AccountId { get; set; }

    public Account? Account { get; set; }

    /// <summary>For a service key: what it is for ("lms-sync"); shown in lists and the audit trail.</summary>
    public string? ServiceName { get; set; }

    /// <summary>For a service key: the department whose shared lectures it may see.</summary>
    public string? Department { get; set; }

    public required byte[] SecretHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
