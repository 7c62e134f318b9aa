namespace FunAsr.Learning.Compliance.Reports;

public sealed record ReportRequest(DateTimeOffset? From, DateTimeOffset? To, string? Department, string? LectureId);

public sealed record FindingLine(string Kind, DateTime DetectedAt, string Source, string? SourceId, string? SourceTitle, string? Person, string? Department,
    string Excerpt, double? StartTime, double? EndTime, double Confidence, string? AcknowledgedBy, DateTime? AcknowledgedAt, string? Note);

public sealed record CompletionLine(string Person, string? Department, string Course, DateTime CompletedAt, DateTime? ValidUntil, double? WatchedShare,
    double? QuizScore, string CertificateId);

public sealed record OverdueLine(string Person, string? Department, string Course, DateTime DueAt, string Status);

/// <summary>Someone was shown a redacted lecture's clear text (an audit row of kind cleartext.viewed).</summary>
public sealed record ClearTextViewLine(string Viewer, string? Role, string? LectureId, string? Title, DateTime At);

/// <summary>The speech service masked a job or a synchronous request (an audit row of kind redaction.applied); spans by kind, never a value.</summary>
public sealed record RedactionLine(string Id, string? Source, string Submitter, string? Classes, string Spans, DateTime At);

public sealed record AttestationLine(string Person, string Course, DateTime At, string Text, string TextHash, string AuthMethod, DateTime AuthenticatedAt);

/// <summary>Everything one audit report says, gathered once and rendered three ways.</summary>
public sealed record ReportData(
    string Title,
    DateTime From,
    DateTime To,
    string? Department,
    string? LectureId,
    DateTime GeneratedAt,
    string GeneratedBy,
    IReadOnlyList<FindingLine> Findings,
    IReadOnlyList<CompletionLine> Completions,
    IReadOnlyList<OverdueLine> Overdue,
    IReadOnlyList<AttestationLine> Attestations,
    IReadOnlyList<ClearTextViewLine> ClearTextViews,
    IReadOnlyList<RedactionLine> Redactions,
    bool Truncated,
    Audit.AuditVerification Chain,
    Audit.Anchors.Checkpoint? Checkpoint)
{
    public IReadOnlyDictionary<string, int> FindingsByKind => Findings.GroupBy(f => f.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public int Acknowledged => Findings.Count(f => f.AcknowledgedAt is not null);
}

/// <summary>A stored report as the list shows it.</summary>
public sealed record ReportView(Guid Id, string Title, string Trigger, DateTime From, DateTime To, string? Department, string? LectureId, string CreatedBy,
    DateTime CreatedAt, ReportSummary Summary);

public sealed record ReportSummary(IReadOnlyDictionary<string, int> FindingsByKind, int Findings, int Acknowledged, int Completions, int Overdue, int Attestations, bool ChainValid,
    int ClearTextViews = 0, int Redactions = 0);

public sealed record ScheduleInput(string? Name, string? Frequency, string? Department, string? LectureId);

public sealed record ScheduleView(Guid Id, string Name, string Frequency, string? Department, string? LectureId, DateTime NextRunAt, DateTime? LastRunAt);
