namespace FunAsr.Learning.Compliance.Audit;

/// <summary>The compliance events the trail records.</summary>
public static class AuditKinds
{
    public const string AlertRaised = "alert.raised";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string RedactionApplied = "redaction.applied";
    public const string TermsChanged = "terms.changed";
    public const string TrainingAssigned = "training.assigned";
    public const string TrainingWithdrawn = "training.withdrawn";
    public const string TrainingAttested = "training.attested";
    public const string TrainingCompleted = "training.completed";
    public const string ReportGenerated = "report.generated";
    public const string ReportScheduled = "report.scheduled";
    public const string RetentionChanged = "retention.changed";
    public const string RetentionDeleted = "retention.deleted";
    public const string HoldPlaced = "hold.placed";
    public const string HoldReleased = "hold.released";

    /// <summary>Someone was shown a redacted lecture's clear text (the subject is the view's request id, recorded once).</summary>
    public const string ClearTextViewed = "cleartext.viewed";
}

/// <summary>Who did it: a person through the gateway, or one of the service's own jobs.</summary>
public sealed record AuditActor(string Id, string? Name)
{
    public static AuditActor Job(string name) => new($"job:{name}", name);

    public static AuditActor Of(FunAsr.Security.Authorization.Caller caller) => new(caller.Subject, caller.Name);
}
