using System.Globalization;
using System.Threading.RateLimiting;
using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Security;

/// <summary>A fixed window of requests per API key (per client address for keyless demo use), refused with 429 and Retry-After.</summary>
public static class KeyRateLimiting
{
    public const string PolicyName = "per-key";

    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = settings.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.RequestServices.GetRequiredService<GatewayMetrics>().Rejected("rate_limited");
                System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent("gateway.rate_limited"));
                await GatewayError.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This API key has made too many requests. Wait {seconds} seconds and try again.",
                    "requests", "rate_limit_exceeded");
            };
        });

    private static string PartitionOf(HttpContext context)
    {
        var keyId = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;
        return keyId is null or ApiKeyAuthenticationHandler.DemoKeyId
            ? $"address:{context.Connection.RemoteIpAddress}"
            : keyId;
    }
}
