using System.Security.Claims;
using FunAsr.Data.Accounts;
using FunAsr.Gateway.Accounts;
using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Security;
using FunAsr.Gateway.Security.Limits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Api;

/// <summary>What the page needs before and after sign-in: the ways to sign in, and who is signed in.</summary>
public static class SessionEndpoints
{
    public static void MapSessionEndpoints(this WebApplication app)
    {
        // Public: tells the sign-in screen which ways in it offers.
        app.MapGet("/ui/config", (IOptionsMonitor<GatewayOptions> gateway, IOptionsMonitor<AccountOptions> accounts) =>
            TypedResults.Ok(new PageConfig(gateway.CurrentValue.DemoMode, true,
                accounts.CurrentValue.Oidc.Enabled ? new SingleSignOnConfig(accounts.CurrentValue.Oidc.DisplayName, AccountEndpoints.SsoPath) : null)));

        // The older name of /api/account/me, kept for clients written against it.
        app.MapGet("/api/gateway/session", CurrentAsync).RequireAuthorization(GatewayAuthentication.SignedInPolicy);
    }

    public static async Task<SessionInfo> CurrentAsync(HttpContext context, UserManager<Account> users, IOptionsMonitor<GatewayOptions> options)
    {
        var user = context.User;
        var displayName = user.Identity?.Name;
        if (user.KeyId() is null && !user.IsDemo() && user.Subject() is { } id && await users.FindByIdAsync(id) is { } account)
        {
            displayName = account.DisplayName ?? account.UserName;
        }
        return Describe(user, displayName, options.CurrentValue);
    }

    public static SessionInfo Describe(ClaimsPrincipal user, string? displayName, GatewayOptions options)
    {
        var role = user.Role()!;
        var quota = GatewayCaller.QuotaOf(options, role);
        return new SessionInfo(user.Subject()!, user.Identity?.Name ?? string.Empty, displayName, role,
            user.FindFirst(FunAsr.Security.Authorization.CallerClaims.Department)?.Value, user.Method(), user.KeyId(), user.IsDemo(),
            new QuotaInfo(quota.RequestsPerMinute, quota.AudioSecondsPerHour, quota.ConcurrentLiveStreams, quota.ConcurrentJobs),
            options.Limits.UploadMaxBodyBytes);
    }
}
