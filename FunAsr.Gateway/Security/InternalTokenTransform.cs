using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Security.Limits;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace FunAsr.Gateway.Security;

/// <summary>
/// Every proxied request (HTTP, SSE, WebSocket upgrade) leaves with a fresh internal token naming the caller (or, on an
/// anonymous route, nobody), and
/// without whatever token, cookie or key the client sent: services trust only what the gateway signed.
/// </summary>
public sealed class InternalTokenTransform(InternalTokenIssuer issuer, IOptionsMonitor<GatewayOptions> options) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove("Cookie");
        context.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            headers.Remove(InternalAuthentication.HeaderName);
            // Requests on anonymous routes get a token too, one without a role: the services answer nothing without a token.
            var caller = GatewayCaller.From(transform.HttpContext, options.CurrentValue);
            headers.TryAddWithoutValidation(InternalAuthentication.HeaderName,
                caller is null ? issuer.IssueAnonymous(transform.HttpContext.TraceIdentifier) : issuer.Issue(caller));
            return ValueTask.CompletedTask;
        });
    }
}
