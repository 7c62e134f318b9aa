using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FunAsr.AsrService.Caching;

public static class RedisRegistration
{
    public const string ConnectionName = "cache";

    /// <summary>The name Aspire's Redis client gives its health check.</summary>
    public const string HealthCheckName = "StackExchange.Redis";

    /// <summary>
    /// The Aspire Redis client (connection, health check, tracing) for <c>ConnectionStrings:cache</c> when it is set;
    /// without it the service still transcribes synchronously, with no result cache and no jobs.
    /// </summary>
    public static IHostApplicationBuilder AddAsrRedis(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            // Commands fail fast while disconnected instead of queueing behind a dead server.
            builder.AddRedisClient(ConnectionName, configureOptions: options => options.BacklogPolicy = BacklogPolicy.FailFast);
            // Redis down degrades the service (no cache, no jobs) without making it unready: sync transcription still works.
            builder.Services.Configure<HealthCheckServiceOptions>(health =>
            {
                foreach (var check in health.Registrations.Where(r => r.Name == HealthCheckName))
                {
                    check.FailureStatus = HealthStatus.Degraded;
                }
            });
        }
        else
        {
            // Said on /health too, so an operator sees why there is no cache and no jobs.
            builder.Services.AddHealthChecks().AddCheck(HealthCheckName,
                () => HealthCheckResult.Degraded($"ConnectionStrings:{ConnectionName} is not set: no result cache and no jobs"));
        }
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TranscriptCache>();
        return builder;
    }
}
