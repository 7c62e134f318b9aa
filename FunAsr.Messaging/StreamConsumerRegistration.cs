using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FunAsr.Messaging;

public static class StreamConsumerRegistration
{
    /// <summary>
    /// Runs <typeparamref name="THandler"/> on every entry of a stream, in a consumer group, as a hosted service.
    /// <paramref name="configure"/> maps the service's own options onto the consumer's (it may take other options via DI).
    /// </summary>
    public static OptionsBuilder<StreamConsumerOptions> AddRedisStreamConsumer<THandler>(this IServiceCollection services)
        where THandler : class, IStreamEntryHandler
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamTelemetry>();
        services.TryAddSingleton<THandler>();
        services.AddHostedService<RedisStreamConsumer<THandler>>();
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(StreamTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(StreamTelemetry.Name));
        return services.AddOptions<StreamConsumerOptions>(RedisStreamConsumer<THandler>.OptionsName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
