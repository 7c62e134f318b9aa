using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace FunAsr.Security.Limits;

public static class LimitStoreRegistration
{
    /// <summary>
    /// The shared Redis store when the process has a Redis connection (<see cref="IConnectionMultiplexer"/> in DI),
    /// otherwise the in-process one. Decided when first used, so the Redis client may be registered before or after.
    /// </summary>
    public static IServiceCollection AddLimitStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILimitStore>(provider => provider.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisLimitStore(redis)
            : new MemoryLimitStore(provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
