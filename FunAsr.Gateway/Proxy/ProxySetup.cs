using FunAsr.Gateway.Security;
using FunAsr.Security.Authorization;
using Yarp.ReverseProxy.Transforms;

namespace FunAsr.Gateway.Proxy;

public static class ProxySetup
{
    public const string SectionName = "ReverseProxy";

    /// <summary>The header the services read the acting user from (QaBot's Lectures/Actor).</summary>
    public const string ActorHeader = "X-FunAsr-Actor";

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
                // Who the request acts for (the signed-in person's or the key's name, percent-encoded: names need not be
                // ASCII), for the services' records of who changed what; a client cannot send its own.
                transforms.AddRequestHeaderRemove(ActorHeader);
                transforms.AddRequestTransform(context =>
                {
                    var user = context.HttpContext.User;
                    if ((user.FindFirst(CallerClaims.Name)?.Value ?? user.Subject()) is { Length: > 0 } actor)
                    {
                        context.ProxyRequest.Headers.TryAddWithoutValidation(ActorHeader, Uri.EscapeDataString(actor));
                    }
                    return ValueTask.CompletedTask;
                });
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
