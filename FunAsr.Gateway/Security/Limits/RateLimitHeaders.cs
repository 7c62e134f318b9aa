using System.Globalization;
using FunAsr.Security.Limits;

namespace FunAsr.Gateway.Security.Limits;

/// <summary>
/// The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers (limit, remaining, seconds to reset, and the
/// policy's window) for the tightest partition, plus Retry-After when refused.
/// </summary>
public static class RateLimitHeaders
{
    public static void Apply(HttpResponse response, LimitDecision decision, TimeSpan window)
    {
        if (decision.Subject is null)
        {
            return;
        }
        var reset = Seconds(decision.ResetAfter);
        response.Headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Policy"] = $"{decision.Limit};w={Seconds(window)}";
        if (!decision.Allowed)
        {
            response.Headers.RetryAfter = reset.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static long Seconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalSeconds));
}
