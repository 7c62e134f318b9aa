using FunAsr.AsrService.Caching;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>The producer side of the job stream; <see cref="JobEntryHandler"/> on every replica consumes it.</summary>
public sealed class JobQueue(RedisConnection redis, IOptions<JobOptions> options)
{
    public const string JobIdField = "jobId";

    private JobOptions Options => options.Value;

    /// <summary>Adds the job with the request's trace context, so the job's work continues the submitting request's trace.</summary>
    public async Task EnqueueAsync(IDatabase database, string jobId) =>
        await database.StreamAddAsync(Options.StreamName, StreamTelemetry.WithTraceContext(new NameValueEntry(JobIdField, jobId)));

    /// <summary>Jobs not yet finished: waiting for a worker plus being worked on (entries are deleted once done).</summary>
    public async Task<long> DepthAsync(IDatabase database) => await database.StreamLengthAsync(Options.StreamName);

    public IDatabase? TryGetDatabase() => redis.TryGetDatabase();
}
