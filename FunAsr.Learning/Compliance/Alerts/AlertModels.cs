namespace FunAsr.Learning.Compliance.Alerts;

/// <summary>
/// A finding a producer reports (the live caption pipeline, an ingest scan, a job): already masked, with a key that
/// makes a re-delivery raise no second alert.
/// </summary>
public sealed record FindingReport(
    string? DedupeKey,
    string? Kind,
    string? Source,
    string? SourceId,
    string? SourceTitle,
    string? PersonId,
    string? PersonName,
    string? Department,
    string? Excerpt,
    string? Term,
    double? Confidence,
    string? Reason,
    double? StartTime,
    double? EndTime,
    DateTimeOffset? DetectedAt);

public sealed record AlertView(
    Guid Id,
    long Sequence,
    string Kind,
    string Source,
    string? SourceId,
    string? SourceTitle,
    string? PersonId,
    string? PersonName,
    string? Department,
    string Excerpt,
    string? Term,
    double Confidence,
    string? Reason,
    double? StartTime,
    double? EndTime,
    DateTime DetectedAt,
    DateTime RaisedAt,
    string? AcknowledgedBy,
    string? AcknowledgedByName,
    DateTime? AcknowledgedAt,
    string? AcknowledgementNote)
{
    public static AlertView From(Data.AlertRow a) => new(a.Id, a.Sequence, a.Kind, a.Source, a.SourceId, a.SourceTitle, a.PersonId, a.PersonName,
        a.Department, a.Excerpt, a.Term, a.Confidence, a.Reason, a.StartTime, a.EndTime, a.DetectedAt, a.RaisedAt, a.AcknowledgedBy,
        a.AcknowledgedByName, a.AcknowledgedAt, a.AcknowledgementNote);
}

public sealed record AcknowledgeRequest(string? Note);

public sealed record AlertSources
{
    public const string Live = "live";
    public const string Lecture = "lecture";
    public const string Job = "job";
    public const string Question = "question";
    public const string Edit = "edit";
    public const string Manual = "manual";

    public static readonly string[] All = [Live, Lecture, Job, Question, Edit, Manual];
}
