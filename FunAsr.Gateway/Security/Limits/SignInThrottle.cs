using System.Security.Cryptography;
using System.Text;
using FunAsr.Gateway.Accounts;
using FunAsr.Gateway.Telemetry;
using FunAsr.Security.Limits;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Security.Limits;

/// <summary>
/// Sign-in attempts per account name and per client address, counted before the password is checked, in the
/// shared store (so attempts spread over replicas still add up). Account names are hashed: the store never holds them.
/// </summary>
public sealed class SignInThrottle(ILimitStore store, IOptionsMonitor<AccountOptions> options, GatewayMetrics metrics)
{
    public async Task<LimitDecision> TryAttemptAsync(string userName, HttpContext context, string method)
    {
        var settings = options.CurrentValue;
        var account = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userName.Trim().ToUpperInvariant())))[..24];
        var decision = await store.TryChargeAsync(LimitNames.SignInAccount,
            [
                new LimitSubject($"account:{account}", settings.SignInAttemptsPerAccount),
                new LimitSubject($"address:{context.Connection.RemoteIpAddress}", settings.SignInAttemptsPerAddress),
            ],
            1, settings.SignInWindow);
        if (!decision.Allowed)
        {
            metrics.SignIn(method, "throttled");
            metrics.Limited("signin");
        }
        return decision;
    }
}
