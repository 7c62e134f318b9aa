using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Security;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Api;

/// <summary>What the page needs to know about the gateway: whether it may run without a key, and whether a key is accepted.</summary>
public static class SessionEndpoints
{
    public static void MapSessionEndpoints(this WebApplication app)
    {
        // Public: tells the sign-in screen whether the demo button is offered.
        app.MapGet("/ui/config", (IOptionsMonitor<GatewayOptions> options) => TypedResults.Ok(new PageConfig(options.CurrentValue.DemoMode)));

        var gateway = app.MapGroup("/api/gateway")
            .RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRateLimiting(KeyRateLimiting.PolicyName);

        // The page signs in by calling this with the key; 200 means the key works.
        gateway.MapGet("/session", (HttpContext context, IOptionsMonitor<GatewayOptions> options) =>
        {
            var settings = options.CurrentValue;
            var keyId = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)!.Value;
            return TypedResults.Ok(new SessionInfo(
                keyId,
                keyId == ApiKeyAuthenticationHandler.DemoKeyId,
                settings.RateLimit.PermitLimit,
                (int)settings.RateLimit.Window.TotalSeconds,
                settings.Limits.UploadMaxBodyBytes));
        });
    }

    public sealed record PageConfig(bool DemoMode);

    public sealed record SessionInfo(string KeyId, bool Demo, int RateLimitPermits, int RateLimitWindowSeconds, long UploadMaxBodyBytes);
}
