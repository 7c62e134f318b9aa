using FunAsr.AsrService.Caching;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Jobs;

/// <summary>Periodically removes recordings of finished jobs past their retention (and partial writes), keeping the folder bounded.</summary>
public sealed class JobStorageJanitor(
    JobAudioStore audioStore,
    JobStore store,
    RedisConnection redis,
    IOptions<JobOptions> options,
    TimeProvider timeProvider,
    ILogger<JobStorageJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, timeProvider);
        try
        {
            do
            {
                await SweepOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        // Without Redis nobody can tell which recordings still belong to unfinished jobs, so nothing is removed.
        if (!redis.IsConnected)
        {
            return;
        }
        try
        {
            var removed = await audioStore.SweepAsync(IsFinishedAsync, stoppingToken);
            if (removed > 0)
            {
                logger.LogInformation("Removed {Count} expired job recordings", removed);
            }
        }
        catch (Exception ex) when (RedisFault.IsOutage(ex) || ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Job storage sweep failed; retrying next interval");
        }
    }

    private async Task<bool> IsFinishedAsync(string jobId) => JobStatus.IsFinal(await store.GetStatusAsync(jobId) ?? JobStatus.Completed);
}
