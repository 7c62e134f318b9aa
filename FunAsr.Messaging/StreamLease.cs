using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>
/// The heartbeat of one entry being handled: every third of <see cref="StreamConsumerOptions.ClaimIdleTime"/> it resets
/// the entry's idle time, but only while the entry is still pending on this consumer (checked and renewed in one script,
/// so a renewal can never take an entry back from a consumer that took it over). It never stops silently: when the
/// entry is no longer ours (taken over, acknowledged, its group or stream gone), or when Redis could not be reached for a
/// whole <see cref="StreamConsumerOptions.ClaimIdleTime"/> (another consumer may have taken it over meanwhile), the lease
/// is lost and <see cref="Lost"/> is cancelled, so the handler stops the work.
/// </summary>
public sealed class StreamLease : IAsyncDisposable
{
    // XPENDING with a consumer filter names the entry only while it is pending on us; XCLAIM … JUSTID then resets its
    // idle time without counting a delivery.
    private const string RenewScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1, ARGV[3])
        if #pending == 0 then
          return 0
        end
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
        return 1
        """;

    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private readonly IDatabase _database;
    private readonly StreamConsumerOptions _options;
    private readonly StreamDelivery _delivery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private long _renewedAt;
    private string? _reason;

    private StreamLease(IDatabase database, StreamConsumerOptions options, StreamDelivery delivery, TimeProvider time, ILogger logger, long deliveredAt)
    {
        _database = database;
        _options = options;
        _delivery = delivery;
        _time = time;
        _logger = logger;
        _renewedAt = deliveredAt;
        _heartbeat = HeartbeatAsync();
    }

    /// <param name="deliveredAt">When the entry was read (a <see cref="TimeProvider.GetTimestamp"/>): its idle time started then.</param>
    public static StreamLease Start(IDatabase database, StreamConsumerOptions options, StreamDelivery delivery, TimeProvider time, ILogger logger, long deliveredAt) =>
        new(database, options, delivery, time, logger, deliveredAt);

    /// <summary>Cancelled when the entry may no longer be ours: stop the work, leave the entry to its new owner.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Why the lease was lost (null while held).</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Gives the lease up from the handler's side (its own writes found the work superseded).</summary>
    public void Abandon(string reason) => Lose(reason);

    private TimeSpan Interval => TimeSpan.FromTicks(Math.Max(_options.ClaimIdleTime.Ticks / 3, MinimumInterval.Ticks));

    private async Task HeartbeatAsync()
    {
        await Task.Yield();
        try
        {
            while (!_lost.IsCancellationRequested)
            {
                await Task.Delay(Interval, _time, _stop.Token);
                var remaining = _options.ClaimIdleTime - _time.GetElapsedTime(Volatile.Read(ref _renewedAt));
                if (remaining <= TimeSpan.Zero)
                {
                    Lose($"Redis could not be reached to renew it for {_options.ClaimIdleTime.TotalSeconds:0.#} s (ClaimIdleTime), so another consumer may have taken it over");
                    return;
                }
                var sent = _time.GetTimestamp();
                try
                {
                    var owned = (long)await RedisFault.WithinAsync(_database.ScriptEvaluateAsync(RenewScript,
                        [_delivery.Stream], [_options.ConsumerGroup, _delivery.Id, _delivery.Consumer]), remaining, _time, _stop.Token);
                    if (owned == 0)
                    {
                        Lose("it is no longer pending on this consumer (taken over by another, or removed)");
                        return;
                    }
                    // Redis reset the idle time when the script ran, which was after it was sent.
                    Volatile.Write(ref _renewedAt, sent);
                }
                catch (Exception ex) when (RedisFault.IsMissingGroup(ex))
                {
                    Lose($"its consumer group {_options.ConsumerGroup} no longer exists");
                    return;
                }
                catch (Exception ex) when (RedisFault.IsOutage(ex) && !_stop.IsCancellationRequested)
                {
                    _logger.LogWarning("Could not renew entry {EntryId} of stream {Stream} ({Reason}); retrying while the lease lasts ({Remaining:0.#} s)",
                        _delivery.Id, _delivery.Stream, ex.Message, remaining.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // An error the script should never raise: the lease cannot be vouched for any more.
            Lose($"renewing it failed ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private void Lose(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is null)
        {
            _logger.LogWarning("Lost entry {EntryId} of stream {Stream} on {Consumer}: {Reason}; the work on it stops",
                _delivery.Id, _delivery.Stream, _delivery.Consumer, reason);
            _lost.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        _stop.Dispose();
        _lost.Dispose();
    }
}
