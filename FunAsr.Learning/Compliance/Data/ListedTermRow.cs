namespace FunAsr.Learning.Compliance.Data;

/// <summary>A customer's name, project code word or other phrase on the tenant's list, as a compliance user keeps it.</summary>
public sealed class ListedTermRow
{
    public Guid Id { get; set; }

    public required string Term { get; set; }

    /// <summary>customer, project or sensitiveTerm.</summary>
    public required string Kind { get; set; }

    /// <summary>The short forms people say, one per line.</summary>
    public string Aliases { get; set; } = "";

    public string? Note { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }
}
