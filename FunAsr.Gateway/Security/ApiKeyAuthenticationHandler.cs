using System.Security.Claims;
using System.Text.Encodings.Web;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Security;

/// <summary>
/// Reads the key from <c>Authorization: Bearer</c> or <c>X-Api-Key</c>; WebSocket upgrades may pass it as the
/// <c>api_key</c> query parameter because browsers cannot set headers on a WebSocket.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    GatewayMetrics metrics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "gateway_key";
    public const string DemoKeyId = "demo";
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "api_key";

    private const string InvalidKeyMessage = "The API key is not valid.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        using var span = GatewayMetrics.Source.StartActivity("gateway.authenticate");
        var presented = ReadPresentedKey(Request);
        AuthenticateResult result;
        if (presented is null)
        {
            result = keys.DemoMode ? Success(DemoKeyId) : AuthenticateResult.NoResult();
        }
        else
        {
            result = keys.TryMatch(presented, out var keyId) ? Success(keyId) : AuthenticateResult.Fail(InvalidKeyMessage);
        }
        span?.SetTag("gateway.auth.result", result.Succeeded ? "accepted" : presented is null ? "missing" : "invalid");
        if (result.Principal?.FindFirst(KeyIdClaim)?.Value is { } acceptedKey)
        {
            // Which key (never the key itself), on this span and on the request's own span.
            span?.SetTag("gateway.key", acceptedKey);
            Context.Features.Get<IHttpActivityFeature>()?.Activity.SetTag("gateway.key", acceptedKey);
        }
        return Task.FromResult(result);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var invalid = result.Failure is not null;
        metrics.Rejected("unauthenticated");
        Response.Headers.WWWAuthenticate = invalid
            ? "Bearer realm=\"funasr\", error=\"invalid_token\""
            : "Bearer realm=\"funasr\"";
        var detail = invalid
            ? "The API key you sent is not valid. Check it for typos or ask an administrator for a new one."
            : "An API key is required. Send it as 'Authorization: Bearer <key>' or in the 'X-Api-Key' header.";
        await GatewayError.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            invalid ? "Invalid API key" : "API key required", detail, "invalid_request_error",
            invalid ? "invalid_api_key" : "missing_api_key");
    }

    private AuthenticateResult Success(string keyId)
    {
        var identity = new ClaimsIdentity([new Claim(KeyIdClaim, keyId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static string? ReadPresentedKey(HttpRequest request)
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
    private static bool IsWebSocketUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
        || string.Equals(request.HttpContext.Features.Get<IHttpExtendedConnectFeature>()?.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
