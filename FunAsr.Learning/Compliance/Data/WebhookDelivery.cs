namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// One event owed to one webhook receiver: written in the transaction that records the event (the outbox), sent and
/// retried by the dispatcher until the receiver answers 2xx, so an event is never lost while the receiver is down.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    /// <summary>The receiver's name in <c>Compliance:Webhooks</c>.</summary>
    public required string Receiver { get; set; }

    public required string Event { get; set; }

    public required string Payload { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>A dispatcher holds the delivery until then, so two replicas do not send it at once.</summary>
    public DateTime? LeasedUntil { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}
