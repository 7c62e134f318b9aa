using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>
/// What a service does with one stream entry. Returning acknowledges it; throwing leaves it pending for redelivery. The
/// cancellation token fires on shutdown and when the entry's lease is lost (<see cref="StreamDelivery.Lease"/>): then the
/// work must stop, since another consumer may be doing it.
/// </summary>
public interface IStreamEntryHandler
{
    /// <summary>False while the handler cannot take work (a model still loading): the worker waits without reading.</summary>
    bool IsReady => true;

    Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>One entry as delivered to a consumer.</summary>
/// <param name="Consumer">The consumer name it was delivered to (recorded by handlers that report who works on what).</param>
/// <param name="Reclaimed">True when it was taken over from a consumer that went silent.</param>
public sealed record StreamDelivery(string Stream, string Consumer, StreamEntry Entry, bool Reclaimed)
{
    public string Id => Entry.Id.ToString();

    public RedisValue this[string field] => Entry[field];

    /// <summary>The heartbeat that keeps the entry ours while it is handled (null outside the consumer).</summary>
    public StreamLease? Lease { get; init; }

    /// <summary>True once the lease was lost: the entry is not acknowledged, whatever the handler does.</summary>
    public bool LeaseLost => Lease?.IsLost == true;
}

/// <summary>
/// Thrown by a handler that found its work superseded (another consumer owns the entry now, its writes were fenced
/// off): the entry is left alone, neither acknowledged nor reported as a failure.
/// </summary>
public sealed class StreamEntrySupersededException(string message) : Exception(message);
