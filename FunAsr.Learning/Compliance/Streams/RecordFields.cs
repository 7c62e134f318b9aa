namespace FunAsr.Learning.Compliance.Streams;

/// <summary>The fields of a record another service sent, checked against the columns they are stored in.</summary>
public static class RecordFields
{
    public static string Required(string? value, string name, int max) =>
        string.IsNullOrWhiteSpace(value) ? throw new ComplianceValidationException($"{name} is required.") : Optional(value, name, max)!;

    public static string? Optional(string? value, string name, int max) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim() is { Length: var length } trimmed && length <= max ? trimmed
        : throw new ComplianceValidationException($"{name} is limited to {max} characters.");

    public static DateTime Time(DateTimeOffset value, string name) =>
        value == default ? throw new ComplianceValidationException($"{name} is required.") : Audit.AuditChain.Truncate(value);
}
