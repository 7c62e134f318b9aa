using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FunAsr.QaBot.Storage;

/// <summary>Registers the shared Redis connection from <c>ConnectionStrings:cache</c> (Aspire.StackExchange.Redis is not served here).</summary>
public static class RedisRegistration
{
    public const string ConnectionName = "cache";

    public static IHostApplicationBuilder AddQaRedis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionName} is not set. QaBot stores lectures in Redis; set ConnectionStrings__{ConnectionName}=host:port (the AppHost does this).");
            }
            var configuration = ConfigurationOptions.Parse(connectionString);
            // Start even while Redis is still coming up; the health check reports it until it answers.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        builder.Services.AddSingleton<LectureStore>();
        return builder;
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (RedisException ex)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer PING: " + ex.Message);
        }
    }
}
