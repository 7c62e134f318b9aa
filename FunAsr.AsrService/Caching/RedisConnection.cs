using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.AsrService.Caching;

/// <summary>
/// Access to the shared Redis that tolerates its absence: callers get null instead of waiting on a dead server. Any
/// fault (<see cref="RedisFault"/>: a refused connection or a server that stopped answering) opens a short back-off
/// during which callers get null at once, so a paused Redis costs one bounded wait, not one per request. An outage is
/// logged once, with one line again when it recovers.
/// </summary>
public sealed class RedisConnection(IServiceProvider services, TimeProvider time, ILogger<RedisConnection> logger)
{
    /// <summary>How long an optional use of Redis (the result cache) waits for an answer before going without.</summary>
    public static readonly TimeSpan OptionalCommandTimeout = TimeSpan.FromMilliseconds(750);

    /// <summary>How long after a fault callers go without Redis before trying it again.</summary>
    public static readonly TimeSpan BackOff = TimeSpan.FromSeconds(2);

    // Registered only when ConnectionStrings:cache is set (see RedisRegistration).
    private readonly Lazy<IConnectionMultiplexer?> _multiplexer = new(services.GetService<IConnectionMultiplexer>);
    private int _down;
    private long _retryAt;

    public bool IsConfigured => _multiplexer.Value is not null;

    /// <summary>Connected and not in a back-off after a recent fault.</summary>
    public bool IsConnected => _multiplexer.Value?.IsConnected == true && !InBackOff;

    public TimeProvider Time => time;

    private bool InBackOff => time.GetTimestamp() < Volatile.Read(ref _retryAt);

    /// <summary>The database when Redis is configured, connected and not just failed; otherwise null (and one warning per outage).</summary>
    public IDatabase? TryGetDatabase()
    {
        var multiplexer = _multiplexer.Value;
        if (multiplexer is null || InBackOff)
        {
            return null;
        }
        if (!multiplexer.IsConnected)
        {
            ReportFailure(null);
            return null;
        }
        return multiplexer.GetDatabase();
    }

    public void ReportFailure(Exception? exception)
    {
        Volatile.Write(ref _retryAt, time.GetTimestamp() + (long)(BackOff.TotalSeconds * time.TimestampFrequency));
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            logger.LogWarning(exception,
                "Redis is unavailable: results are not cached, jobs are refused with 503 (running jobs wait) and health is Degraded until it returns");
        }
    }

    public void ReportSuccess()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            logger.LogInformation("Redis is available again");
        }
    }
}
