using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>
/// Consumes one Redis Stream in a consumer group with at-least-once delivery: an entry is acknowledged only after its
/// handler returned, so a crash leaves it pending. Each worker first finishes its own pending entries (same consumer
/// name after a restart, and again after every outage); every round it takes over entries left idle past
/// <see cref="StreamConsumerOptions.ClaimIdleTime"/> by a dead consumer (XAUTOCLAIM), then reads new ones. While an entry
/// is handled its <see cref="StreamLease"/> renews it and stops the handler when it cannot. A missing group (NOGROUP:
/// the stream or group was deleted, or Redis lost its data) is recreated and reported on health; every Redis fault
/// (<see cref="RedisFault"/>) is waited out. On shutdown it stops as soon as the application starts stopping (not when
/// its own turn to stop comes, after the web server has drained), so in-flight work is handed back within the window.
/// </summary>
public sealed class RedisStreamConsumer<THandler>(
    IServiceProvider services,
    THandler handler,
    IOptionsMonitor<StreamConsumerOptions> optionsMonitor,
    StreamTelemetry telemetry,
    StreamConsumerStatus<THandler> status,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RedisStreamConsumer<THandler>> logger) : BackgroundService
    where THandler : class, IStreamEntryHandler
{
    /// <summary>The options name a handler's consumer reads (see <see cref="StreamConsumerRegistration"/>).</summary>
    public static string OptionsName => typeof(THandler).FullName!;

    private int _outage;

    private StreamConsumerOptions Options => optionsMonitor.Get(OptionsName);

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        await Task.Yield();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        var options = Options;
        status.Consuming(options);
        if (options.Workers == 0)
        {
            return;
        }
        // Optional by design: a service may run without Redis (the ASR service still transcribes synchronously).
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            status.NoRedis();
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
                    if (!redis.IsConnected)
                    {
                        status.Outage(null);
                    }
                    await Task.Delay(options.PollInterval, time, stoppingToken);
                    continue;
                }
                var database = redis.GetDatabase();
                if (!groupReady)
                {
                    await EnsureGroupAsync(database, options);
                    groupReady = true;
                }
                var readAt = time.GetTimestamp();
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
                    await HandleAsync(database, options, new StreamDelivery(options.StreamName, consumer, entry, reclaimed), readAt, stoppingToken);
                    readAt = time.GetTimestamp();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (RedisFault.IsMissingGroup(ex))
            {
                logger.LogWarning("Consumer group {Group} of stream {Stream} is missing (the stream or group was deleted, or Redis lost its data); creating it again",
                    options.ConsumerGroup, options.StreamName);
                status.GroupRecreated();
                telemetry.GroupRecreated(options);
                (groupReady, ownPendingDone) = (false, false);
            }
            catch (Exception ex) when (RedisFault.IsOutage(ex))
            {
                ReportOutage(ex, options);
                // When Redis answers again, this worker's own pending entries (work interrupted by the outage) come first.
                (groupReady, ownPendingDone) = (false, false);
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

    private async Task HandleAsync(IDatabase database, StreamConsumerOptions options, StreamDelivery delivery, long readAt, CancellationToken stoppingToken)
    {
        using var activity = StreamTelemetry.StartProcessing(options, delivery);
        var started = time.GetTimestamp();
        await using var lease = StreamLease.Start(database, options, delivery, time, logger, readAt);
        delivery = delivery with { Lease = lease };
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        try
        {
            await handler.HandleAsync(database, delivery, work.Token);
            if (lease.IsLost)
            {
                throw new StreamEntrySupersededException(lease.Reason!);
            }
            await database.StreamAcknowledgeAsync(options.StreamName, options.ConsumerGroup, delivery.Entry.Id);
            if (options.DeleteAfterAcknowledge)
            {
                await database.StreamDeleteAsync(options.StreamName, [delivery.Entry.Id]);
            }
            telemetry.Processed(options, time.GetElapsedTime(started), errorType: null);
        }
        catch (Exception ex) when (lease.IsLost || ex is StreamEntrySupersededException)
        {
            // Another consumer may own the entry now: leave it alone (an acknowledgement would end its work too).
            activity?.SetStatus(ActivityStatusCode.Error, lease.Reason ?? ex.Message);
            activity?.SetTag("messaging.redis.lease_lost", true);
            telemetry.LeaseLost(options);
            telemetry.Processed(options, time.GetElapsedTime(started), "lease_lost");
            if (!lease.IsLost)
            {
                logger.LogWarning("Entry {EntryId} of stream {Stream} was superseded: {Reason}; left to its new owner", delivery.Id, options.StreamName, ex.Message);
            }
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            telemetry.Processed(options, time.GetElapsedTime(started), ex.GetType().FullName);
            throw;
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

    private void ReportOutage(Exception exception, StreamConsumerOptions options)
    {
        status.Outage(exception);
        if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            logger.LogWarning(exception, "Redis failed while consuming stream {Stream}; retrying until it answers", options.StreamName);
        }
    }

    private void ReportRecovered()
    {
        status.Answered();
        if (Interlocked.Exchange(ref _outage, 0) == 1)
        {
            logger.LogInformation("Redis answers again: consuming resumed");
        }
    }
}
