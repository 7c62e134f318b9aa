using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;

namespace FunAsr.Gateway.Security;

/// <summary>
/// Cross-site request forgery guard for cookie sessions, on top of SameSite=Strict (which a sibling subdomain
/// still passes): a state-changing request that carries the session cookie, or signs in, must come from this
/// origin when the browser says where it comes from (Sec-Fetch-Site, Origin). Key-authenticated clients send no cookie.
/// </summary>
public sealed class SameOriginMiddleware(RequestDelegate next, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context, Microsoft.Extensions.Options.IOptionsMonitor<Accounts.AccountOptions> accounts)
    {
        var request = context.Request;
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        // The identity provider posts its answer to the sign-on callback from its own site; state and nonce protect that one.
        var needsCheck = unsafeMethod && !ApiKeyAuthenticationHandler.PresentsKey(request) && !request.Path.StartsWithSegments(Accounts.SingleSignOn.CallbackPath)
                         && (request.Cookies.ContainsKey(GatewayAuthentication.SessionCookieName(accounts.CurrentValue)) || request.Path.StartsWithSegments("/api/account"));
        if (needsCheck && !FromThisOrigin(request))
        {
            metrics.Rejected("cross_site");
            await GatewayError.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                "This request came from another site. Use the platform's own page.", "permission_error", "cross_site_request");
            return;
        }
        await next(context);
    }

    private static bool FromThisOrigin(HttpRequest request)
    {
        // Every current browser says where a request comes from; that is the answer when present.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }
        // Older browsers: the Origin's host must be ours (the scheme may differ behind a TLS-terminating proxy).
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
               || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
