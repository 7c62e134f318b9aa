using System.Text.Encodings.Web;
using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Security;

/// <summary>
/// Reads the key from <c>Authorization: Bearer</c> or <c>X-Api-Key</c>; WebSocket upgrades may pass it as the
/// <c>api_key</c> query parameter because browsers cannot set headers on a WebSocket. Without a key, demo mode
/// (when on) admits the request as the demo role.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    IOptionsMonitor<GatewayOptions> gateway,
    GatewayMetrics metrics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "api_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        using var span = GatewayMetrics.Source.StartActivity("gateway.authenticate");
        var presented = ReadPresentedKey(Request);
        AuthenticateResult result;
        if (presented is null)
        {
            result = gateway.CurrentValue.DemoMode
                ? AuthenticateResult.Success(new AuthenticationTicket(GatewayIdentity.ForDemo(SchemeName, gateway.CurrentValue.DemoRole), SchemeName))
                : AuthenticateResult.NoResult();
        }
        else
        {
            var check = await keys.CheckAsync(presented, SchemeName, Context.RequestAborted);
            Context.Items[typeof(KeyStatus)] = check.Status;
            result = check.Principal is { } principal
                ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
                : AuthenticateResult.Fail($"The API key is {check.Status}.");
        }
        span?.SetTag("gateway.auth.result", result.Succeeded ? "accepted" : presented is null ? "missing" : "invalid");
        if (result.Principal?.KeyId() is { } acceptedKey)
        {
            // Which key (never the key itself), on this span and on the request's own span.
            span?.SetTag("gateway.key", acceptedKey);
            Context.Features.Get<IHttpActivityFeature>()?.Activity.SetTag("gateway.key", acceptedKey);
        }
        return result;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var invalid = result.Failure is not null;
        metrics.Rejected("unauthenticated");
        Response.Headers.WWWAuthenticate = invalid
            ? "Bearer realm=\"funasr\", error=\"invalid_token\""
            : "Bearer realm=\"funasr\"";
        var status = Context.Items[typeof(KeyStatus)] as KeyStatus?;
        var (title, detail, code) = status switch
        {
            KeyStatus.Revoked => ("API key revoked", "This API key was revoked by an administrator. Ask for a new one.", "revoked_api_key"),
            KeyStatus.Expired => ("API key expired", "This API key has expired. Ask an administrator for a new one.", "expired_api_key"),
            KeyStatus.AccountDisabled => ("Account disabled", "The account this API key belongs to is disabled.", "account_disabled"),
            _ when invalid => ("Invalid API key", "The API key you sent is not valid. Check it for typos or ask an administrator for a new one.", "invalid_api_key"),
            _ => ("Sign-in required", "Sign in, or send an API key as 'Authorization: Bearer <key>' or in the 'X-Api-Key' header.", "missing_api_key"),
        };
        await GatewayError.WriteAsync(Context, StatusCodes.Status401Unauthorized, title, detail, "invalid_request_error", code);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        metrics.Rejected("forbidden");
        await GatewayError.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed for your role",
            $"Your role ({Context.User.Role() ?? "none"}) may not do this. Ask an administrator if you need it.", "permission_error", "forbidden");
    }

    public static bool PresentsKey(HttpRequest request) => ReadPresentedKey(request) is not null;

    public static string? ReadPresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return NullIfBlank(authorization["Bearer ".Length..]);
        }
        var header = request.Headers[HeaderName].ToString();
        if (header.Length > 0)
        {
            return NullIfBlank(header);
        }
        if (IsWebSocketUpgrade(request) && request.Query.TryGetValue(QueryName, out var query))
        {
            return NullIfBlank(query.ToString());
        }
        return null;
    }

    // YARP tunnels upgrades itself, so the WebSocket middleware (and HttpContext.WebSockets) is not in the pipeline.
    public static bool IsWebSocketUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
        || string.Equals(request.HttpContext.Features.Get<IHttpExtendedConnectFeature>()?.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
