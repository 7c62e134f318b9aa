namespace FunAsr.QaBot.Compliance;

/// <summary>Kinds of sensitive information the scanner reports (the <c>kind</c> field of an alert).</summary>
public static class AlertKinds
{
    public const string ChineseIdNumber = "chineseIdNumber";
    public const string BankCard = "bankCard";
    public const string PhoneNumber = "phoneNumber";
    public const string Email = "email";
    public const string SensitiveTerm = "sensitiveTerm";
}

/// <summary>One finding inside a text: where it is, what it is, and how it must be shown.</summary>
public sealed record SensitiveMatch(string Kind, int Index, int Length, string Masked, string? Term = null);

/// <summary>An alert as stored and published: never carries the raw value, only the masked excerpt.</summary>
public sealed record ComplianceAlert(
    string Id,
    string LectureId,
    string LectureTitle,
    string Kind,
    int SegmentId,
    double Start,
    double End,
    string Excerpt,
    string? Term,
    DateTimeOffset DetectedAt);

/// <summary>The per-lecture audit report served at <c>GET /api/qa/lectures/{id}/audit</c>.</summary>
public sealed record AuditReport(
    string LectureId,
    string Title,
    DateTimeOffset ScannedAt,
    int SegmentsScanned,
    IReadOnlyDictionary<string, int> CountsByKind,
    IReadOnlyList<ComplianceAlert> Alerts)
{
    public bool Clean => Alerts.Count == 0;
}
