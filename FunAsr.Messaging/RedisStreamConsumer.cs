using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>
/// Consumes one Redis Stream in a consumer group with at-least-once delivery: an entry is acknowledged only after its
/// handler returned, so a crash leaves it pending. At start each worker first finishes its own pending entries (same
/// consumer name after a restart); every round it takes over entries left idle past
/// <see cref="StreamConsumerOptions.ClaimIdleTime"/> by a dead consumer (XAUTOCLAIM), then reads new ones. While an entry
/// is handled its idle time is renewed, so a long entry is never taken over from a live worker.
/// </summary>
public sealed class RedisStreamConsumer<THandler>(
    IServiceProvider services,
    THandler handler,
    IOptionsMonitor<StreamConsumerOptions> optionsMonitor,
    StreamTelemetry telemetry,
    TimeProvider time,
    ILogger<RedisStreamConsumer<THandler>> logger) : BackgroundService
    where THandler : class, IStreamEntryHandler
{
    /// <summary>The options name a handler's consumer reads (see <see cref="StreamConsumerRegistration"/>).</summary>
    public static string OptionsName => typeof(THandler).FullName!;

    private static readonly TimeSpan MinimumRenewInterval = TimeSpan.FromMilliseconds(100);
    private int _outage;

    private StreamConsumerOptions Options => optionsMonitor.Get(OptionsName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var options = Options;
        if (options.Workers == 0)
        {
            return;
        }
        // Optional by design: a service may run without Redis (the ASR service still transcribes synchronously).
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            logger.LogWarning("No Redis connection is configured (ConnectionStrings:cache): stream {Stream} is not consumed", options.StreamName);
            return;
        }
        var name = options.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        logger.LogInformation("Consuming stream {Stream} in group {Group} as {Consumer} ({Workers} worker(s))",
            options.StreamName, options.ConsumerGroup, name, options.Workers);
        await Task.WhenAll(Enumerable.Range(0, options.Workers)
            .Select(i => WorkAsync(redis, i == 0 ? name : $"{name}-{i}", stoppingToken)));
    }

    private async Task WorkAsync(IConnectionMultiplexer redis, string consumer, CancellationToken stoppingToken)
    {
        var groupReady = false;
        var ownPendingDone = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var options = Options;
            try
            {
                if (!handler.IsReady || !redis.IsConnected)
                {
                    await Task.Delay(options.PollInterval, time, stoppingToken);
                    continue;
                }
                var database = redis.GetDatabase();
                if (!groupReady)
                {
                    await EnsureGroupAsync(database, options);
                    groupReady = true;
                }
                var (entries, reclaimed) = ownPendingDone
                    ? await NextAsync(database, options, consumer)
                    : (await database.StreamReadGroupAsync(options.StreamName, options.ConsumerGroup, consumer, StreamPosition.Beginning, options.BatchSize), true);
                ReportRecovered();
                if (entries.Length == 0)
                {
                    ownPendingDone = true;
                    await Task.Delay(options.PollInterval, time, stoppingToken);
                    continue;
                }
                foreach (var entry in entries)
                {
                    await HandleAsync(database, options, new StreamDelivery(options.StreamName, consumer, entry, reclaimed), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RedisException ex)
            {
                ReportOutage(ex, options);
                groupReady = false;
                await PauseAsync(options, stoppingToken);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Handling an entry of stream {Stream} failed; it stays pending and is delivered again after {ClaimIdleTime}",
                    options.StreamName, options.ClaimIdleTime);
                await PauseAsync(options, stoppingToken);
            }
        }
    }

    /// <summary>Entries abandoned by a silent consumer first, else new ones.</summary>
    private static async Task<(StreamEntry[] Entries, bool Reclaimed)> NextAsync(IDatabase database, StreamConsumerOptions options, string consumer)
    {
        var claimed = await database.StreamAutoClaimAsync(options.StreamName, options.ConsumerGroup, consumer,
            (long)options.ClaimIdleTime.TotalMilliseconds, "0-0", options.BatchSize);
        // Entries deleted while pending come back as null ids; Redis drops them from the pending list itself.
        var reclaimed = claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        if (reclaimed.Length > 0)
        {
            return (reclaimed, true);
        }
        return (await database.StreamReadGroupAsync(options.StreamName, options.ConsumerGroup, consumer, StreamPosition.NewMessages, options.BatchSize), false);
    }

    private async Task HandleAsync(IDatabase database, StreamConsumerOptions options, StreamDelivery delivery, CancellationToken stoppingToken)
    {
        using var activity = StreamTelemetry.StartProcessing(options, delivery);
        var started = time.GetTimestamp();
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = RenewAsync(database, options, delivery, heartbeatStop.Token);
        try
        {
            await handler.HandleAsync(database, delivery, stoppingToken);
            await database.StreamAcknowledgeAsync(options.StreamName, options.ConsumerGroup, delivery.Entry.Id);
            if (options.DeleteAfterAcknowledge)
            {
                await database.StreamDeleteAsync(options.StreamName, [delivery.Entry.Id]);
            }
            telemetry.Processed(options, time.GetElapsedTime(started), errorType: null);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            telemetry.Processed(options, time.GetElapsedTime(started), ex.GetType().FullName);
            throw;
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>Resets the entry's idle time (XCLAIM to ourselves) so no other consumer takes over an entry still being handled.</summary>
    private async Task RenewAsync(IDatabase database, StreamConsumerOptions options, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(options.ClaimIdleTime.Ticks / 3, MinimumRenewInterval.Ticks));
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken);
                await database.StreamClaimIdsOnlyAsync(options.StreamName, options.ConsumerGroup, delivery.Consumer, 0, [delivery.Entry.Id]);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RedisException ex)
        {
            ReportOutage(ex, options);
        }
    }

    private static async Task EnsureGroupAsync(IDatabase database, StreamConsumerOptions options)
    {
        try
        {
            // From the start of the stream, so entries added before the group first existed are consumed too.
            await database.StreamCreateConsumerGroupAsync(options.StreamName, options.ConsumerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another process (or an earlier run) created it.
        }
    }

    private async Task PauseAsync(StreamConsumerOptions options, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.PollInterval * 4, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReportOutage(RedisException exception, StreamConsumerOptions options)
    {
        if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            logger.LogWarning(exception, "Redis failed while consuming stream {Stream}; retrying until it answers", options.StreamName);
        }
    }

    private void ReportRecovered()
    {
        if (Interlocked.Exchange(ref _outage, 0) == 1)
        {
            logger.LogInformation("Redis answers again: consuming resumed");
        }
    }
}
