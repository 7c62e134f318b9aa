using FunAsr.AsrService.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>The Redis Stream of job ids and its consumer group: at-least-once delivery, with abandoned entries reclaimed.</summary>
public sealed class JobQueue(RedisConnection redis, IOptions<JobOptions> options)
{
    private const string JobIdField = "jobId";
    private volatile bool _groupReady;

    private JobOptions Options => options.Value;

    public async Task EnqueueAsync(IDatabase database, string jobId)
    {
        using var activity = RedisTracing.Start("XADD", Options.StreamName);
        await database.StreamAddAsync(Options.StreamName, JobIdField, jobId);
    }

    /// <summary>Takes over one entry whose worker has been silent longer than the claim idle time, else reads one new entry.</summary>
    public async Task<(string EntryId, string JobId)?> NextAsync(IDatabase database, string consumer)
    {
        await EnsureGroupAsync(database);
        using (var activity = RedisTracing.Start("XAUTOCLAIM", Options.StreamName))
        {
            var claimed = await database.StreamAutoClaimAsync(Options.StreamName, Options.ConsumerGroup, consumer,
                (long)Options.ClaimIdleTime.TotalMilliseconds, "0-0", 1);
            if (claimed.ClaimedEntries?.Where(IsJob).Select(e => ((string)e.Id!, (string)e[JobIdField]!)).FirstOrDefault() is ({ } entryId, { } jobId))
            {
                activity?.SetTag("asr.job.reclaimed", true);
                return (entryId, jobId);
            }
        }
        using (RedisTracing.Start("XREADGROUP", Options.StreamName))
        {
            var entries = await database.StreamReadGroupAsync(Options.StreamName, Options.ConsumerGroup, consumer, ">", 1);
            return entries.Where(IsJob).Select(e => ((string)e.Id!, (string)e[JobIdField]!)).Cast<(string, string)?>().FirstOrDefault();
        }
    }

    private static bool IsJob(StreamEntry entry) => !entry.Id.IsNull && !entry[JobIdField].IsNull;

    /// <summary>Resets the entry's idle time so no other replica reclaims a job that is still being worked on.</summary>
    public async Task HeartbeatAsync(IDatabase database, string consumer, string entryId)
    {
        using var activity = RedisTracing.Start("XCLAIM", Options.StreamName);
        await database.StreamClaimIdsOnlyAsync(Options.StreamName, Options.ConsumerGroup, consumer, 0, [entryId]);
    }

    public async Task AcknowledgeAsync(IDatabase database, string entryId)
    {
        using var activity = RedisTracing.Start("XACK", Options.StreamName);
        await database.StreamAcknowledgeAsync(Options.StreamName, Options.ConsumerGroup, entryId);
        await database.StreamDeleteAsync(Options.StreamName, [entryId]);
    }

    /// <summary>Jobs not yet finished: waiting for a worker plus being worked on.</summary>
    public async Task<long> DepthAsync(IDatabase database)
    {
        await EnsureGroupAsync(database);
        using var activity = RedisTracing.Start("XINFO", Options.StreamName);
        return await database.StreamLengthAsync(Options.StreamName);
    }

    public IDatabase? TryGetDatabase() => redis.TryGetDatabase();

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }
        try
        {
            using var activity = RedisTracing.Start("XGROUP", Options.StreamName);
            await database.StreamCreateConsumerGroupAsync(Options.StreamName, Options.ConsumerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        _groupReady = true;
    }
}
