using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Telemetry;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Finds unfinished jobs nothing will run: ones whose stream entry is gone (the stream or its group was deleted, Redis
/// lost data, an entry was trimmed) are put back on the stream; ones whose audio is gone too are failed; ids whose
/// record is gone are dropped with their audio. Every replica sweeps; the re-queue is one conditional script, so two
/// sweepers never queue a job twice, and a job changed within <see cref="JobOptions.OrphanGrace"/> is left alone.
/// Dead workers' jobs are not its business: their entries are still pending, and the stream consumer takes them over.
/// </summary>
public sealed class JobSweeper(
    JobStore store,
    JobQueue queue,
    JobAudioStore audioStore,
    JobResultOutbox outbox,
    RedisConnection redis,
    AsrTelemetry telemetry,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobSweeper> logger) : BackgroundService
{
    private const int PageSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.IsConfigured)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (queue.TryGetDatabase() is not { } database)
                {
                    continue;
                }
                try
                {
                    await SweepOnceAsync(database, stoppingToken);
                }
                catch (Exception ex) when (RedisFault.IsOutage(ex))
                {
                    redis.ReportFailure(ex);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(ex, "Job sweep failed; retrying next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the active jobs; returns how many it re-queued, failed or dropped.</summary>
    public async Task<int> SweepOnceAsync(IDatabase database, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var acted = 0;
        for (var skip = 0; ; skip += PageSize)
        {
            var ids = await store.ListActiveAsync(database, skip, PageSize);
            foreach (var id in ids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await SweepAsync(database, id, now))
                {
                    acted++;
                }
            }
            if (ids.Count < PageSize)
            {
                return acted;
            }
        }
    }

    private async Task<bool> SweepAsync(IDatabase database, string id, DateTimeOffset now)
    {
        var state = await store.GetQueueStateAsync(database, id);
        if (state is null)
        {
            logger.LogWarning("Job {JobId} is listed as unfinished but its record is gone (deleted, or Redis lost data); its audio is removed", id);
            await store.ForgetAsync(database, id);
            audioStore.Delete(id);
            outbox.Delete(id);
            telemetry.JobSwept("forgotten");
            return true;
        }
        var (status, entry, updatedAt) = state.Value;
        if (JobStatus.IsFinal(status))
        {
            await store.ForgetAsync(database, id);
            return false;
        }
        if (now - updatedAt < options.Value.OrphanGrace || (entry is not null && await queue.ContainsAsync(database, entry)))
        {
            return false;
        }
        if (!audioStore.Exists(id) && !outbox.Exists(id))
        {
            logger.LogWarning("Job {JobId} ({Status}) has no entry on the job stream and its audio is gone; it is failed", id, status);
            await store.FailAsync(database, id, attempt: null, "The job was lost from the queue and its audio is no longer stored; submit it again.");
            telemetry.JobSwept("failed");
            return true;
        }
        if (await store.RequeueOrphanAsync(database, id, entry) is { } requeued)
        {
            logger.LogWarning("Job {JobId} ({Status}, unchanged since {UpdatedAt:u}) had no entry on the job stream (it was lost); queued again as {EntryId}",
                id, status, updatedAt, requeued);
            telemetry.JobSwept("requeued");
            return true;
        }
        return false;
    }
}
