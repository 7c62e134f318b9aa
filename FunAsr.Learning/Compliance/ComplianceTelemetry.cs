using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.Learning.Compliance;

/// <summary>Spans (source <c>FunAsr.Compliance</c>) and the metrics an operator graphs (meter <c>FunAsr.Compliance</c>).</summary>
public sealed class ComplianceTelemetry : IDisposable
{
    public const string Name = "FunAsr.Compliance";
    public static readonly ActivitySource Source = new(Name);
    private readonly Meter _meter;

    public ComplianceTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        AuditEvents = _meter.CreateCounter<long>("compliance.audit.events", "{event}", "Events appended to the audit trail, by kind.");
        AuditBroken = _meter.CreateGauge<long>("compliance.audit.broken", "{chain}", "1 when the last verification found the audit chain broken, else 0.");
        AnchorsWritten = _meter.CreateCounter<long>("compliance.audit.anchors_written", "{checkpoint}", "Checkpoints of the audit head offered to a sink outside the database, by sink and outcome (written, failed).");
        AnchorMismatches = _meter.CreateCounter<long>("compliance.audit.anchor_mismatches", "{mismatch}", "Times the trail disagreed with a signed checkpoint, by check (checkpoint, signature, anchor).");
        AlertsRaised = _meter.CreateCounter<long>("compliance.alerts.raised", "{alert}", "Alerts raised, by kind and source.");
        AlertsAcknowledged = _meter.CreateCounter<long>("compliance.alerts.acknowledged", "{alert}", "Alerts acknowledged by a compliance user.");
        AlertDelay = _meter.CreateHistogram<double>("compliance.alert.delay", "s", "From detection (the final that held the finding) to the alert being stored.");
        WebhookDeliveries = _meter.CreateCounter<long>("compliance.webhook.deliveries", "{delivery}", "Webhook attempts, by receiver and outcome (delivered, failed).");
        WebhookAge = _meter.CreateHistogram<double>("compliance.webhook.age", "s", "From an event to its delivery being acknowledged by the receiver.");
        Completions = _meter.CreateCounter<long>("compliance.training.completions", "{completion}", "Mandatory courses completed.");
        RemindersSent = _meter.CreateCounter<long>("compliance.training.reminders", "{reminder}", "Reminders sent, by stage (due-soon, overdue).");
        ReportsGenerated = _meter.CreateCounter<long>("compliance.reports.generated", "{report}", "Audit reports generated, by trigger (on-demand, scheduled).");
        ReportDuration = _meter.CreateHistogram<double>("compliance.report.duration", "s", "Time to gather and render one audit report (PDF, CSV, XLSX).");
        RetentionDeleted = _meter.CreateCounter<long>("compliance.retention.deleted", "{item}", "Items deleted by the retention job, by type.");
        ClearTextViews = _meter.CreateCounter<long>("compliance.cleartext.views", "{view}", "Views of a redacted lecture's clear text recorded in the audit trail, by role.");
        RedactionsRecorded = _meter.CreateCounter<long>("compliance.redactions.recorded", "{redaction}", "Redactions the speech service applied recorded in the audit trail, by source (job, transcription).");
        RetentionHeld = _meter.CreateCounter<long>("compliance.retention.held", "{item}", "Items past their retention kept because of a legal hold, by type.");
    }

    public Counter<long> AuditEvents { get; }
    public Gauge<long> AuditBroken { get; }
    public Counter<long> AnchorsWritten { get; }
    public Counter<long> AnchorMismatches { get; }
    public Counter<long> AlertsRaised { get; }
    public Counter<long> AlertsAcknowledged { get; }
    public Histogram<double> AlertDelay { get; }
    public Counter<long> WebhookDeliveries { get; }
    public Histogram<double> WebhookAge { get; }
    public Counter<long> Completions { get; }
    public Counter<long> RemindersSent { get; }
    public Counter<long> ReportsGenerated { get; }
    public Histogram<double> ReportDuration { get; }
    public Counter<long> RetentionDeleted { get; }
    public Counter<long> RetentionHeld { get; }
    public Counter<long> ClearTextViews { get; }
    public Counter<long> RedactionsRecorded { get; }

    public void Dispose() => _meter.Dispose();
}
