using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FunAsr.Messaging;

public static class StreamConsumerRegistration
{
    /// <summary>
    /// Runs <typeparamref name="THandler"/> on every entry of a stream, in a consumer group, as a hosted service, with a
    /// health check named <paramref name="healthCheckName"/> (Degraded while Redis does not answer the consumer, and for a
    /// while after its group had to be recreated). Configure the returned options from the service's own.
    /// </summary>
    public static OptionsBuilder<StreamConsumerOptions> AddRedisStreamConsumer<THandler>(this IServiceCollection services, string? healthCheckName = null)
        where THandler : class, IStreamEntryHandler
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamTelemetry>();
        services.TryAddSingleton<THandler>();
        services.TryAddSingleton<StreamConsumerStatus<THandler>>();
        services.AddHostedService<RedisStreamConsumer<THandler>>();
        services.AddHealthChecks().AddCheck<StreamConsumerHealthCheck<THandler>>(healthCheckName ?? $"stream-{typeof(THandler).Name}");
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(StreamTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(StreamTelemetry.Name));
        return services.AddOptions<StreamConsumerOptions>(RedisStreamConsumer<THandler>.OptionsName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
