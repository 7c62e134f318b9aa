using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Audit.Anchors;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.Reports;
using FunAsr.Learning.Compliance.Retention;
using FunAsr.Learning.Compliance.Training;
using FunAsr.Learning.Compliance.Webhooks;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Jobs;

/// <summary>Reminders of due and overdue courses.</summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, IOptionsMonitor<ComplianceOptions> options, TimeProvider time, ILogger<ReminderJob> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override string Name => "reminders";
    protected override TimeSpan Interval => options.CurrentValue.Reminders.Interval;
    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ReminderSender>().RunAsync(cancellationToken);
}

/// <summary>Scheduled audit reports.</summary>
public sealed class ReportScheduleJob(IServiceScopeFactory scopes, IOptionsMonitor<ComplianceOptions> options, TimeProvider time, ILogger<ReportScheduleJob> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override string Name => "report-schedule";
    protected override TimeSpan Interval => options.CurrentValue.Reports.ScheduleInterval;
    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ReportService>().RunDueSchedulesAsync(cancellationToken);
}

/// <summary>Deletion of what is past its retention period.</summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, IOptionsMonitor<ComplianceOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override string Name => "retention";
    protected override TimeSpan Interval => options.CurrentValue.Retention.Interval;
    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<RetentionService>().RunAsync(cancellationToken);
}

/// <summary>Checkpoints the audit head outside the database whenever it changed (<see cref="AuditAnchor"/>).</summary>
public sealed class AnchorJob(IServiceScopeFactory scopes, IOptionsMonitor<ComplianceOptions> options, TimeProvider time, ILogger<AnchorJob> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override string Name => "audit-anchor";
    protected override TimeSpan Interval => options.CurrentValue.Audit.AnchorInterval;
    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AuditAnchor>().AnchorAsync(services.GetRequiredService<ComplianceDbContext>(), cancellationToken);
}

/// <summary>
/// Walks the audit chain and checks it against the checkpoints kept outside the database on a schedule (the metric
/// <c>compliance.audit.broken</c> shows the result) and, the first time it finds the chain broken, tells webhook
/// receivers which row or checkpoint.
/// </summary>
public sealed class AuditVerifyJob(IServiceScopeFactory scopes, IOptionsMonitor<ComplianceOptions> options, TimeProvider clock, ILogger<AuditVerifyJob> logger)
    : PeriodicJob(scopes, clock, logger)
{
    private string? _reportedBreak;

    protected override string Name => "audit-verify";
    protected override TimeSpan Interval => options.CurrentValue.Audit.VerifyInterval;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ComplianceDbContext>();
        var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync(db, cancellationToken);
        // Keyed by the problem, not the row: a checkpoint that fails its signature names no row, and a new break is news.
        if (result.Valid || result.Problem == _reportedBreak)
        {
            return;
        }
        _reportedBreak = result.Problem;
        services.GetRequiredService<ILogger<AuditVerifyJob>>().LogError("The compliance audit trail is broken: {Problem}", result.Problem);
        services.GetRequiredService<WebhookOutbox>().Enqueue(db, WebhookEvents.AuditBroken, Time.GetUtcNow().UtcDateTime, result);
        await db.SaveChangesAsync(cancellationToken);
    }
}
