using StackExchange.Redis;

namespace FunAsr.AsrService.Caching;

/// <summary>
/// Access to the shared Redis that tolerates its absence: callers get null instead of waiting on a dead server,
/// and an outage is logged once (with one line again when it recovers).
/// </summary>
public sealed class RedisConnection(IServiceProvider services, ILogger<RedisConnection> logger)
{
    // Registered only when ConnectionStrings:cache is set (see RedisRegistration).
    private readonly Lazy<IConnectionMultiplexer?> _multiplexer = new(services.GetService<IConnectionMultiplexer>);
    private int _down;

    public bool IsConfigured => _multiplexer.Value is not null;

    public bool IsConnected => _multiplexer.Value?.IsConnected == true;

    /// <summary>The database when Redis is configured and connected; otherwise null (and one warning per outage).</summary>
    public IDatabase? TryGetDatabase()
    {
        var multiplexer = _multiplexer.Value;
        if (multiplexer is null)
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
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            logger.LogWarning(exception,
                "Redis is unavailable: results are not cached, jobs are refused with 503 and health is Degraded until it returns");
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
