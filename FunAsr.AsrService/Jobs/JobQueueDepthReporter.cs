using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>Samples the job stream's length for the <c>asr.jobs.queue_depth</c> gauge.</summary>
public sealed class JobQueueDepthReporter(JobQueue queue, RedisConnection redis, AsrTelemetry telemetry, IOptions<JobOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.IsConfigured)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PollInterval * 2, time);
        try
        {
            do
            {
                if (queue.TryGetDatabase() is { } database)
                {
                    try
                    {
                        telemetry.JobQueueDepth(await queue.DepthAsync(database));
                    }
                    catch (RedisException ex)
                    {
                        redis.ReportFailure(ex);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
