using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Keeps this replica's index equal to Redis: a full build at start, then a reconcile whenever any replica announces a change
/// on <see cref="LectureStore.ChangesChannel"/>, and on a timer in case a pub/sub message was missed (pub/sub is not durable).
/// </summary>
public sealed class IndexSynchronizer(
    LectureStore store,
    LectureIndexer indexer,
    PassageIndex index,
    IConnectionMultiplexer redis,
    IOptions<QaBotOptions> options,
    TimeProvider time,
    ILogger<IndexSynchronizer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private long _seenVersion = -1;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileAsync(cancellationToken);
            await redis.GetSubscriber().SubscribeAsync(LectureStore.ChangesChannel, (_, _) => _changed.Release());
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Could not build the index from Redis at start; retrying in the background");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Ingest.ReconcileInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var signalled = await _changed.WaitAsync(interval, stoppingToken);
                if (signalled || _seenVersion < 0 || await store.GetVersionAsync() != _seenVersion)
                {
                    await ReconcileAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Index reconcile failed; will retry");
                await Task.Delay(interval, time, stoppingToken);
            }
        }
    }

    /// <summary>Loads every lecture whose content hash differs from what is indexed and drops lectures deleted from Redis.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken);
        try
        {
            using var span = QaTelemetry.Source.StartActivity("qabot.index.reconcile");
            var version = await store.GetVersionAsync();
            var stored = await store.GetContentHashesAsync();
            var indexed = index.LectureHashes;
            var loaded = 0;
            foreach (var (id, hash) in stored)
            {
                if (indexed.TryGetValue(id, out var have) && have == hash)
                {
                    continue;
                }
                var lecture = await store.GetAsync(id);
                if (lecture is not null)
                {
                    await indexer.IndexAsync(lecture, cancellationToken);
                    loaded++;
                }
            }
            var removed = 0;
            foreach (var id in indexed.Keys.Where(id => !stored.ContainsKey(id)))
            {
                indexer.Remove(id);
                removed++;
            }
            _seenVersion = version;
            span?.SetTag("qabot.index.loaded", loaded);
            span?.SetTag("qabot.index.removed", removed);
            if (loaded + removed > 0)
            {
                logger.LogInformation("Index reconciled with Redis: {Loaded} lectures (re)indexed, {Removed} removed, {Passages} passages",
                    loaded, removed, index.PassageCount);
            }
        }
        finally
        {
            _reconcileGate.Release();
        }
    }
}
