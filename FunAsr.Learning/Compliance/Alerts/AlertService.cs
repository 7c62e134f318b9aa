using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.Webhooks;
using FunAsr.Text.Sensitive;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Alerts;

/// <summary>
/// Raises alerts from findings (once per dedupe key, recorded in the audit trail, owed to every webhook receiver in the
/// same transaction) and records who acknowledged them.
/// </summary>
public sealed class AlertService(ComplianceDbContext db, AuditTrail trail, WebhookOutbox outbox, AlertNotifier notifier, ComplianceTelemetry telemetry, TimeProvider time)
{
    public const int MaxBatch = 500;

    /// <summary>Stores the new findings as alerts; those already raised (same dedupe key) are returned as they were.</summary>
    public async Task<IReadOnlyList<AlertView>> RaiseAsync(IReadOnlyList<FindingReport> findings, AuditActor producer, CancellationToken cancellationToken)
    {
        if (findings.Count == 0)
        {
            return [];
        }
        if (findings.Count > MaxBatch)
        {
            throw new ComplianceValidationException($"Report at most {MaxBatch} findings at once (got {findings.Count}).");
        }
        var rows = findings.Select(Validate).ToList();
        var keys = rows.Select(r => r.DedupeKey).ToList();
        var raised = await trail.WriteAsync(db, async batch =>
        {
            var existing = await db.Alerts.Where(a => keys.Contains(a.DedupeKey)).ToDictionaryAsync(a => a.DedupeKey, cancellationToken);
            var result = new List<AlertRow>();
            var fresh = new List<AlertRow>();
            foreach (var row in rows)
            {
                if (existing.TryGetValue(row.DedupeKey, out var known))
                {
                    result.Add(known);
                    continue;
                }
                row.RaisedAt = batch.Now;
                db.Alerts.Add(row);
                existing[row.DedupeKey] = row;
                result.Add(row);
                fresh.Add(row);
                batch.Record(AuditKinds.AlertRaised, producer, row.Id.ToString(), new
                {
                    row.Kind, row.Source, row.SourceId, row.PersonId, row.Excerpt, row.Term, row.Confidence, row.Reason, row.StartTime, row.EndTime, row.DetectedAt,
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var row in fresh)
            {
                outbox.Enqueue(db, WebhookEvents.AlertRaised, batch.Now, AlertView.From(row));
            }
            return (result, fresh);
        }, cancellationToken);

        foreach (var row in raised.fresh)
        {
            telemetry.AlertsRaised.Add(1, new("kind", row.Kind), new("source", row.Source));
            telemetry.AlertDelay.Record(Math.Max(0, (row.RaisedAt - row.DetectedAt).TotalSeconds), new KeyValuePair<string, object?>("source", row.Source));
        }
        if (raised.fresh.Count > 0)
        {
            notifier.Notify();
        }
        return raised.result.Select(AlertView.From).ToList();
    }

    public Task<AlertView> AcknowledgeAsync(Guid id, string? note, AuditActor actor, CancellationToken cancellationToken)
    {
        if (note is { Length: > 1000 })
        {
            throw new ComplianceValidationException("note is limited to 1000 characters.");
        }
        return trail.WriteAsync(db, async batch =>
        {
            var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Alert {id}");
            if (alert.AcknowledgedAt is not null)
            {
                throw new ComplianceConflictException($"Alert {id} was already acknowledged by {alert.AcknowledgedByName ?? alert.AcknowledgedBy} at {alert.AcknowledgedAt:O}.", "already_acknowledged");
            }
            alert.AcknowledgedBy = actor.Id;
            alert.AcknowledgedByName = actor.Name;
            alert.AcknowledgedAt = batch.Now;
            alert.AcknowledgementNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            batch.Record(AuditKinds.AlertAcknowledged, actor, alert.Id.ToString(), new { alert.Kind, alert.SourceId, note = alert.AcknowledgementNote });
            outbox.Enqueue(db, WebhookEvents.AlertAcknowledged, batch.Now, AlertView.From(alert));
            telemetry.AlertsAcknowledged.Add(1);
            return AlertView.From(alert);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AlertView>> ListAsync(long? after, bool? acknowledged, string? sourceId, int take, CancellationToken cancellationToken)
    {
        var query = db.Alerts.AsNoTracking();
        if (after is { } sequence)
        {
            query = query.Where(a => a.Sequence > sequence);
        }
        if (acknowledged is { } ack)
        {
            query = ack ? query.Where(a => a.AcknowledgedAt != null) : query.Where(a => a.AcknowledgedAt == null);
        }
        if (!string.IsNullOrWhiteSpace(sourceId))
        {
            query = query.Where(a => a.SourceId == sourceId);
        }
        // Streams read forwards from a cursor; the inbox lists newest first.
        var rows = after is null
            ? await query.OrderByDescending(a => a.Sequence).Take(take).ToListAsync(cancellationToken)
            : await query.OrderBy(a => a.Sequence).Take(take).ToListAsync(cancellationToken);
        return rows.Select(AlertView.From).ToList();
    }

    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken) =>
        await db.Alerts.MaxAsync(a => (long?)a.Sequence, cancellationToken) ?? 0;

    private AlertRow Validate(FindingReport finding, int index)
    {
        string Required(string? value, string name, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ComplianceValidationException($"Finding {index}: {name} is required.");
            }
            return value.Length > max ? throw new ComplianceValidationException($"Finding {index}: {name} is limited to {max} characters.") : value.Trim();
        }
        string? Optional(string? value, string name, int max) =>
            value is null ? null : value.Length > max ? throw new ComplianceValidationException($"Finding {index}: {name} is limited to {max} characters.") : value.Trim();

        var kind = Required(finding.Kind, "kind", 40);
        if (!SensitiveKinds.IsKnown(kind))
        {
            throw new ComplianceValidationException($"Finding {index}: kind '{kind}' is not one of {string.Join(", ", SensitiveKinds.All)}.");
        }
        var source = Required(finding.Source, "source", 20);
        if (!AlertSources.All.Contains(source))
        {
            throw new ComplianceValidationException($"Finding {index}: source '{source}' is not one of {string.Join(", ", AlertSources.All)}.");
        }
        var confidence = finding.Confidence ?? 1;
        if (double.IsNaN(confidence) || confidence is < 0 or > 1)
        {
            throw new ComplianceValidationException($"Finding {index}: confidence must be between 0 and 1.");
        }
        var now = time.GetUtcNow();
        return new AlertRow
        {
            Id = Guid.NewGuid(),
            DedupeKey = Required(finding.DedupeKey, "dedupeKey", 300),
            Kind = kind,
            Source = source,
            SourceId = Optional(finding.SourceId, "sourceId", 200),
            SourceTitle = Optional(finding.SourceTitle, "sourceTitle", 300),
            PersonId = Optional(finding.PersonId, "personId", 450),
            PersonName = Optional(finding.PersonName, "personName", 256),
            Department = Optional(finding.Department, "department", 100),
            Excerpt = Required(finding.Excerpt, "excerpt", 1000),
            Term = Optional(finding.Term, "term", 100),
            Confidence = confidence,
            Reason = Optional(finding.Reason, "reason", 500),
            StartTime = finding.StartTime,
            EndTime = finding.EndTime,
            DetectedAt = AuditChain.Truncate(finding.DetectedAt is { } detected && detected <= now ? detected : now),
        };
    }
}
