using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace FunAsr.AppHost.Redis;

internal static class CacheBuilderExtensions
{
    /// <summary>
    /// Redis as Aspire users expect it (<c>AddRedis</c>, a container with a data volume) where a container engine answers,
    /// and whenever the model is published; otherwise the machine's <c>redis-server</c>.
    /// <c>AppHost:Redis=container|executable</c> overrides the choice.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        if (!ContainerRuntime.RunsAsContainer(builder, "AppHost:Redis"))
        {
            return builder.AddRedisServer(name, Path.Combine(dataDirectory, "redis"));
        }
        return builder.AddRedis(name).WithDataVolume().WithPersistence();
    }
}
