using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunAsr.AppHost.Supervision;

/// <summary>
/// Watches Aspire's resource notifications and restarts crashed replicas of resources marked
/// <see cref="RestartOnCrashAnnotation"/> with the restart command the dashboard also offers. Back-off doubles from
/// <see cref="FirstDelay"/> to <see cref="MaxDelay"/> while a replica keeps dying, and resets once it ran
/// <see cref="StableRunTime"/>.
/// </summary>
internal sealed class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CrashRestarter> logger) : BackgroundService
{
    internal static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan StableRunTime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Replica> _replicas = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (!change.Resource.HasAnnotationOfType<RestartOnCrashAnnotation>())
                {
                    continue;
                }
                var replica = _replicas.GetOrAdd(change.ResourceId, _ => new Replica());
                var state = change.Snapshot.State?.Text;
                if (state == KnownResourceStates.Running && replica.RunningSince is null)
                {
                    replica.RunningSince = time.GetUtcNow();
                }
                // Running straight to a terminal state: nobody asked it to stop (a stop passes through Stopping).
                else if ((state == KnownResourceStates.Exited || state == KnownResourceStates.Finished) && replica.RunningSince is { } since
                         && change.Snapshot.ExitCode is not 0 && !lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    replica.RunningSince = null;
                    _ = RestartAsync(change.ResourceId, replica, change.Snapshot.ExitCode, time.GetUtcNow() - since, stoppingToken);
                }
                else if (state != KnownResourceStates.Running)
                {
                    replica.RunningSince = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(string resourceId, Replica replica, int? exitCode, TimeSpan ranFor, CancellationToken stoppingToken)
    {
        replica.Delay = ranFor >= StableRunTime ? TimeSpan.Zero : replica.Delay == TimeSpan.Zero ? FirstDelay : Min(replica.Delay * 2, MaxDelay);
        replica.Restarts++;
        var message = $"{resourceId} exited with code {exitCode?.ToString() ?? "unknown"} after {ranFor.TotalSeconds:0.#} s; "
                      + $"restart {replica.Restarts} in {replica.Delay.TotalSeconds:0.#} s";
        logger.LogWarning("{Message}", message);
        resourceLogs.GetLogger(resourceId).LogWarning("{Message}", message);
        try
        {
            await Task.Delay(replica.Delay, time, stoppingToken);
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Error}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Replica
    {
        public DateTimeOffset? RunningSince { get; set; }
        public TimeSpan Delay { get; set; }
        public int Restarts { get; set; }
    }
}
