using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Retention;

/// <summary>
/// Retention per data type and legal holds. The job deletes what is past its type's period unless a standing hold
/// covers its lecture or person (a hold beats expiry), and records every deletion in the audit trail.
/// </summary>
public sealed class RetentionService(
    ComplianceDbContext db,
    AuditTrail trail,
    WebhookOutbox outbox,
    IEnumerable<IRetentionTarget> targets,
    ComplianceTelemetry telemetry,
    IOptionsMonitor<ComplianceOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger)
{
    public async Task<IReadOnlyList<RetentionView>> PoliciesAsync(CancellationToken cancellationToken)
    {
        var stored = await db.RetentionPolicies.AsNoTracking().ToDictionaryAsync(p => p.DataType, cancellationToken);
        return RetentionTypes.All.Select(type => stored.TryGetValue(type, out var p)
            ? new RetentionView(type, p.Days, p.UpdatedBy, p.UpdatedAt, EnforcedBy(type))
            : new RetentionView(type, null, null, null, EnforcedBy(type))).ToList();
    }

    public async Task<RetentionView> SetPolicyAsync(string dataType, RetentionInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!RetentionTypes.All.Contains(dataType))
        {
            throw new ComplianceNotFoundException($"Data type '{dataType}' (use {string.Join(", ", RetentionTypes.All)})");
        }
        if (targets.All(t => t.DataType != dataType))
        {
            throw new ComplianceConflictException($"Nothing in this deployment can delete {dataType} yet, so a retention period for them would not be kept.", "not_enforceable");
        }
        if (input.Days is not (>= 1 and <= 36_500) && input.Days is not null)
        {
            throw new ComplianceValidationException("days must be between 1 and 36500, or null to keep forever.");
        }
        await trail.WriteAsync(db, async batch =>
        {
            var row = await db.RetentionPolicies.SingleOrDefaultAsync(p => p.DataType == dataType, cancellationToken);
            if (input.Days is null)
            {
                if (row is not null) db.RetentionPolicies.Remove(row);
            }
            else
            {
                if (row is null) db.RetentionPolicies.Add(row = new RetentionPolicy { DataType = dataType, UpdatedBy = actor.Id });
                row.Days = input.Days.Value;
                row.UpdatedBy = actor.Name ?? actor.Id;
                row.UpdatedAt = batch.Now;
            }
            batch.Record(AuditKinds.RetentionChanged, actor, dataType, new { dataType, days = input.Days });
        }, cancellationToken);
        return (await PoliciesAsync(cancellationToken)).Single(p => p.DataType == dataType);
    }

    public async Task<IReadOnlyList<HoldView>> HoldsAsync(bool includeReleased, CancellationToken cancellationToken)
    {
        var query = db.LegalHolds.AsNoTracking();
        if (!includeReleased) query = query.Where(h => h.ReleasedAt == null);
        return (await query.OrderByDescending(h => h.PlacedAt).ToListAsync(cancellationToken)).Select(View).ToList();
    }

    public async Task<HoldView> PlaceHoldAsync(HoldInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        var type = input.SubjectType?.Trim().ToLowerInvariant();
        if (type is not ("lecture" or "person") || string.IsNullOrWhiteSpace(input.SubjectId) || input.SubjectId.Length > 450)
        {
            throw new ComplianceValidationException("subjectType is lecture or person, and subjectId is required.");
        }
        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000)
        {
            throw new ComplianceValidationException("reason is required (at most 1000 characters): a hold must say why.");
        }
        var hold = await trail.WriteAsync(db, async batch =>
        {
            var row = new LegalHold
            {
                Id = Guid.NewGuid(), SubjectType = type, SubjectId = input.SubjectId.Trim(), Reason = input.Reason.Trim(), PlacedBy = actor.Name ?? actor.Id, PlacedAt = batch.Now,
            };
            db.LegalHolds.Add(row);
            batch.Record(AuditKinds.HoldPlaced, actor, $"{row.SubjectType}:{row.SubjectId}", new { row.Id, row.Reason });
            await Task.CompletedTask;
            return row;
        }, cancellationToken);
        return View(hold);
    }

    public async Task<HoldView> ReleaseHoldAsync(Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        var hold = await trail.WriteAsync(db, async batch =>
        {
            var row = await db.LegalHolds.SingleOrDefaultAsync(h => h.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Hold {id}");
            if (row.ReleasedAt is null)
            {
                row.ReleasedAt = batch.Now;
                row.ReleasedBy = actor.Name ?? actor.Id;
                batch.Record(AuditKinds.HoldReleased, actor, $"{row.SubjectType}:{row.SubjectId}", new { row.Id });
            }
            return row;
        }, cancellationToken);
        return View(hold);
    }

    /// <summary>One pass of the job over every type with a policy.</summary>
    public async Task<IReadOnlyList<RetentionRun>> RunAsync(CancellationToken cancellationToken)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.retention.run");
        var policies = await db.RetentionPolicies.AsNoTracking().ToListAsync(cancellationToken);
        var holds = await db.LegalHolds.AsNoTracking().Where(h => h.ReleasedAt == null).ToListAsync(cancellationToken);
        var heldLectures = holds.Where(h => h.SubjectType == "lecture").Select(h => h.SubjectId).ToHashSet(StringComparer.Ordinal);
        var heldPeople = holds.Where(h => h.SubjectType == "person").Select(h => h.SubjectId).ToHashSet(StringComparer.Ordinal);
        var runs = new List<RetentionRun>();
        foreach (var policy in policies)
        {
            if (targets.FirstOrDefault(t => t.DataType == policy.DataType) is not { } target)
            {
                continue;
            }
            var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-policy.Days);
            int deleted = 0, held = 0, failed = 0;
            IReadOnlyList<RetentionCandidate> candidates;
            try
            {
                candidates = await target.OlderThanAsync(cutoff, options.CurrentValue.Retention.BatchSize, cancellationToken);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Retention of {DataType} skipped this run: {Target} did not answer ({Error})", policy.DataType, target.EnforcedBy, error.Message);
                runs.Add(new RetentionRun(policy.DataType, 0, 0, 1));
                continue;
            }
            foreach (var item in candidates)
            {
                if ((item.LectureId is not null && heldLectures.Contains(item.LectureId)) || (item.PersonId is not null && heldPeople.Contains(item.PersonId)))
                {
                    held++;
                    telemetry.RetentionHeld.Add(1, new KeyValuePair<string, object?>("type", policy.DataType));
                    continue;
                }
                try
                {
                    if (!await target.DeleteAsync(item, cancellationToken))
                    {
                        continue;
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    failed++;
                    logger.LogWarning("Retention could not delete {DataType} {Id}: {Error}", policy.DataType, item.Id, error.Message);
                    continue;
                }
                deleted++;
                telemetry.RetentionDeleted.Add(1, new KeyValuePair<string, object?>("type", policy.DataType));
                await trail.WriteAsync(db, async batch =>
                {
                    batch.Record(AuditKinds.RetentionDeleted, AuditActor.Job("retention"), $"{policy.DataType}:{item.Id}", new
                    {
                        dataType = policy.DataType, item.Id, item.Title, createdAt = item.CreatedAt, policy.Days, cutoff,
                    });
                    outbox.Enqueue(db, WebhookEvents.RetentionDeleted, batch.Now, new { dataType = policy.DataType, item.Id, createdAt = item.CreatedAt, policy.Days });
                    await Task.CompletedTask;
                }, cancellationToken);
            }
            runs.Add(new RetentionRun(policy.DataType, deleted, held, failed));
        }
        return runs;
    }

    private string EnforcedBy(string type) => targets.FirstOrDefault(t => t.DataType == type)?.EnforcedBy ?? "not enforceable in this deployment yet";

    private static HoldView View(LegalHold h) => new(h.Id, h.SubjectType, h.SubjectId, h.Reason, h.PlacedBy, h.PlacedAt, h.ReleasedBy, h.ReleasedAt);
}
