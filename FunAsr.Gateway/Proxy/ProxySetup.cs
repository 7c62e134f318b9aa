using FunAsr.Gateway.Security;
using Yarp.ReverseProxy.Transforms;

namespace FunAsr.Gateway.Proxy;

public static class ProxySetup
{
    public const string SectionName = "ReverseProxy";

    /// <summary>Routes and clusters from configuration; <c>http://asr</c>-style destinations expand to every discovered replica.</summary>
    public static IServiceCollection AddGatewayProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection(SectionName))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(transforms =>
            {
                // The services behind the gateway never need the caller's key; keep it out of their logs.
                transforms.AddRequestHeaderRemove("Authorization");
                transforms.AddRequestHeaderRemove(ApiKeyAuthenticationHandler.HeaderName);
                transforms.AddQueryRemoveKey(ApiKeyAuthenticationHandler.QueryName);
            });
        return services;
    }

    public static void MapGatewayProxy(this WebApplication app) =>
        app.MapReverseProxy(pipeline =>
            {
                pipeline.UseMiddleware<ProxyErrorMiddleware>();
                pipeline.UseMiddleware<BodyLimitMiddleware>();
                pipeline.UseSessionAffinity();
                pipeline.UseLoadBalancing();
                pipeline.UsePassiveHealthChecks();
            })
            .RequireAuthorization(GatewayAuthentication.SignedInPolicy);
}
