using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FunAsr.AsrService.Caching;

public static class RedisRegistration
{
    public const string ConnectionName = "cache";

    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Registers the Redis connection (from <c>ConnectionStrings:cache</c>) so that a missing or dead server never blocks start-up:
    /// abortConnect=false, and commands fail fast instead of queueing while disconnected.
    /// </summary>
    public static IServiceCollection AddAsrRedis(this IServiceCollection services)
    {
        // Read lazily: test hosts and the AppHost supply the connection string after Program has registered services.
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = ConnectionString(sp.GetRequiredService<IConfiguration>())
                ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set");
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectTimeout = Math.Min(options.ConnectTimeout, 3000);
            options.ClientName ??= $"funasr-asr-{Environment.MachineName}-{Environment.ProcessId}";
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<RedisConnection>();
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TranscriptCache>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, ["ready"]);
        return services;
    }
}
