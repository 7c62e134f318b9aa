using System.Text.Json;
using FunAsr.Learning.Compliance.Data;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Webhooks;

/// <summary>The events receivers can subscribe to.</summary>
public static class WebhookEvents
{
    public const string AlertRaised = "alert.raised";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string TrainingCompleted = "training.completed";
    public const string TrainingReminder = "training.reminder";
    public const string ReportGenerated = "report.generated";
    public const string RetentionDeleted = "retention.deleted";
    public const string AuditBroken = "audit.broken";

    public static readonly string[] All = [AlertRaised, AlertAcknowledged, TrainingCompleted, TrainingReminder, ReportGenerated, RetentionDeleted, AuditBroken];
}

/// <summary>The body every receiver gets: which delivery, which event, when, and the event's data.</summary>
public sealed record WebhookEnvelope(Guid Id, string Event, DateTime OccurredAt, object Data);

/// <summary>
/// Adds one delivery per subscribed receiver to the outbox, inside the caller's transaction: the event and the promise
/// to deliver it are committed together.
/// </summary>
public sealed class WebhookOutbox(IOptionsMonitor<ComplianceOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Enqueue(ComplianceDbContext db, string eventName, DateTime occurredAt, object data)
    {
        foreach (var receiver in options.CurrentValue.Webhooks)
        {
            if (receiver.Events.Count > 0 && !receiver.Events.Contains(eventName, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            var id = Guid.NewGuid();
            db.Outbox.Add(new WebhookDelivery
            {
                Id = id,
                Receiver = receiver.Name,
                Event = eventName,
                Payload = JsonSerializer.Serialize(new WebhookEnvelope(id, eventName, occurredAt, data), Json),
                CreatedAt = occurredAt,
                NextAttemptAt = occurredAt,
            });
        }
    }
}
