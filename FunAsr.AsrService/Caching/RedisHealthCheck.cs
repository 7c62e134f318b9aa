using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FunAsr.AsrService.Caching;

/// <summary>Redis down degrades the service (no cache, no jobs) without making it unready: sync transcription still works.</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConfigured)
        {
            return HealthCheckResult.Degraded("ConnectionStrings:cache is not set: no result cache and no jobs");
        }
        var database = redis.TryGetDatabase();
        if (database is null)
        {
            return HealthCheckResult.Degraded("Redis is not connected: no result cache, jobs answer 503");
        }
        try
        {
            var latency = await database.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            redis.ReportSuccess();
            return HealthCheckResult.Healthy($"Redis answered PING in {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
            return HealthCheckResult.Degraded($"Redis did not answer PING: {ex.Message}");
        }
    }
}
