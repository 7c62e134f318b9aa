namespace FunAsr.QaBot.Compliance;

/// <summary>
/// An alert as stored and published: never carries the raw value, only the masked excerpt. <see cref="Kind"/> is one
/// of <see cref="FunAsr.Text.Sensitive.SensitiveKinds"/>; the times are the segment's.
/// </summary>
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
    DateTimeOffset DetectedAt,
    double Confidence = 1,
    string? Reason = null);

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
