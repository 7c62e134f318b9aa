using System.Net;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Configuration;

/// <summary>Refuses to start with settings that would leave the gateway unusable or open by accident.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Length; i++)
        {
            var key = options.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key) || key.Length < MinimumKeyLength || key.Any(char.IsWhiteSpace))
            {
                failures.Add($"Gateway:ApiKeys:{i} must be at least {MinimumKeyLength} characters without spaces.");
            }
        }
        if (options.ApiKeys.Distinct(StringComparer.Ordinal).Count() != options.ApiKeys.Length)
        {
            failures.Add("Gateway:ApiKeys contains the same key twice.");
        }
        if (!Roles.IsKnown(options.DemoRole))
        {
            failures.Add($"Gateway:DemoRole '{options.DemoRole}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }
        foreach (var role in Roles.All)
        {
            if (!options.Quotas.TryGetValue(role, out var quota))
            {
                failures.Add($"Gateway:Quotas:{role} is missing; every role needs its limits.");
                continue;
            }
            if (quota.RequestsPerMinute < 1 || quota.AudioSecondsPerHour < 0 || quota.ConcurrentLiveStreams < 0 || quota.ConcurrentJobs < 0)
            {
                failures.Add($"Gateway:Quotas:{role}: RequestsPerMinute must be at least 1 and the other limits not negative.");
            }
        }
        foreach (var role in options.Quotas.Keys.Where(role => !Roles.IsKnown(role)))
        {
            failures.Add($"Gateway:Quotas:{role} names no role; use one of {string.Join(", ", Roles.All)}.");
        }
        if (options.Limits.MaxBodyBytes < 1 || options.Limits.UploadMaxBodyBytes < options.Limits.MaxBodyBytes)
        {
            failures.Add("Gateway:Limits:MaxBodyBytes must be positive and Gateway:Limits:UploadMaxBodyBytes at least as large.");
        }
        foreach (var origin in options.CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                failures.Add($"Gateway:CorsOrigins entry '{origin}' must be an origin such as https://intranet.example.com (no path, no trailing slash).");
            }
        }
        foreach (var proxy in options.ForwardedHeaders.KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _)))
        {
            failures.Add($"Gateway:ForwardedHeaders:KnownProxies entry '{proxy}' is not an IP address.");
        }
        foreach (var network in options.ForwardedHeaders.KnownNetworks.Where(network => !IPNetwork.TryParse(network, out _)))
        {
            failures.Add($"Gateway:ForwardedHeaders:KnownNetworks entry '{network}' is not a network such as 10.0.0.0/24.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
