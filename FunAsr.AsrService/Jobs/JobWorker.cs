using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Every replica consumes the job stream. A worker keeps its entry's idle time low while it works (heartbeat);
/// an entry left pending by a replica that died is taken over by XAUTOCLAIM once idle past <see cref="JobOptions.ClaimIdleTime"/>.
/// </summary>
public sealed class JobWorker(
    JobQueue queue,
    JobStore store,
    JobProcessor processor,
    ModelReadiness readiness,
    RedisConnection redis,
    IOptions<JobOptions> options,
    AsrTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly string _replica = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!redis.IsConfigured)
        {
            logger.LogWarning("ConnectionStrings:cache is not set: no result cache, no jobs (503), health Degraded; synchronous transcription works");
        }
        var workers = Enumerable.Range(0, options.Value.WorkersPerReplica).Select(i => LoopAsync($"{_replica}-{i}", stoppingToken));
        await Task.WhenAll(workers);
    }

    private async Task LoopAsync(string consumer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (readiness.State != SpeechEngineState.Ready || queue.TryGetDatabase() is not { } database)
                {
                    await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken);
                    continue;
                }
                var next = await queue.NextAsync(database, consumer);
                telemetry.JobQueueDepth(await queue.DepthAsync(database));
                redis.ReportSuccess();
                if (next is not { } entry)
                {
                    await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken);
                    continue;
                }
                await RunWithHeartbeatAsync(database, consumer, entry.EntryId, entry.JobId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RedisException ex)
            {
                redis.ReportFailure(ex);
                await Delay(stoppingToken);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Job worker {Consumer} failed; retrying", consumer);
                await Delay(stoppingToken);
            }
        }
    }

    private async Task RunWithHeartbeatAsync(IDatabase database, string consumer, string entryId, string jobId, CancellationToken stoppingToken)
    {
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(database, consumer, entryId, heartbeatStop.Token);
        try
        {
            await processor.RunAsync(database, jobId, consumer, stoppingToken);
            await queue.AcknowledgeAsync(database, entryId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Replica stopping: job {JobId} stays pending and will be taken over by another worker", jobId);
            try
            {
                await store.MarkQueuedAgainAsync(jobId);
            }
            catch (RedisException)
            {
            }
            throw;
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task HeartbeatAsync(IDatabase database, string consumer, string entryId, CancellationToken cancellationToken)
    {
        var interval = options.Value.ClaimIdleTime / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, timeProvider, cancellationToken);
                await queue.HeartbeatAsync(database, consumer, entryId);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RedisException ex)
        {
            redis.ReportFailure(ex);
        }
    }

    private async Task Delay(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.Value.PollInterval * 4, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
