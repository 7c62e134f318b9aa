using FunAsr.AsrService.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// The job stream: an entry per queued job (added with its record by <see cref="JobStore.SubmitAsync"/>), consumed by
/// <see cref="JobEntryHandler"/> on every replica and deleted once the job is done.
/// </summary>
public sealed class JobQueue(RedisConnection redis, IOptions<JobOptions> options)
{
    public const string JobIdField = "jobId";

    /// <summary>Jobs not yet finished: waiting for a worker plus being worked on (entries are deleted once done).</summary>
    public async Task<long> DepthAsync(IDatabase database) => await database.StreamLengthAsync(options.Value.StreamName);

    /// <summary>Whether the entry is still on the stream.</summary>
    public async Task<bool> ContainsAsync(IDatabase database, string entryId) =>
        (await database.StreamRangeAsync(options.Value.StreamName, entryId, entryId, 1)).Length > 0;

    public IDatabase? TryGetDatabase() => redis.TryGetDatabase();
}
