namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// Someone training is assigned to: as last seen through the gateway (name, role, department) or named in an
/// assignment, with the time zone reminders are sent in.
/// </summary>
public sealed class Person
{
    public required string Id { get; set; }

    public string? Name { get; set; }

    public string? Role { get; set; }

    public string? Department { get; set; }

    /// <summary>IANA zone (Asia/Shanghai); UTC until the page reports one.</summary>
    public string TimeZone { get; set; } = "UTC";

    public DateTime LastSeenAt { get; set; }
}
