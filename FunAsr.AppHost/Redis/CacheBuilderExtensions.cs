using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

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
        var choice = builder.Configuration["AppHost:Redis"];
        var runtime = builder.ExecutionContext.IsPublishMode || choice == "container" ? null : ContainerRuntime.Detect();
        var asContainer = choice switch
        {
            "container" => true,
            "executable" => false,
            null or "" => builder.ExecutionContext.IsPublishMode || runtime is not null,
            _ => throw new InvalidOperationException($"AppHost:Redis is '{choice}'; use 'container' or 'executable'."),
        };
        if (!asContainer)
        {
            return builder.AddRedisServer(name, Path.Combine(dataDirectory, "redis"));
        }
        if (runtime is not null && builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] is null)
        {
            // DCP asks docker unless told otherwise; point it at the engine that answered.
            builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] = runtime;
        }
        return builder.AddRedis(name).WithDataVolume().WithPersistence();
    }
}
