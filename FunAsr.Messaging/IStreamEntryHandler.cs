using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>What a service does with one stream entry. Returning acknowledges it; throwing leaves it pending for redelivery.</summary>
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
}
