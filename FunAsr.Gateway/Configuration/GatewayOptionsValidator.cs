using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Configuration;

/// <summary>Refuses to start with settings that would leave the gateway unusable or open by accident.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.ApiKeys.Length == 0 && !options.DemoMode)
        {
            failures.Add("Gateway:ApiKeys is empty and Gateway:DemoMode is false, so nobody could call the API. " +
                         "Set Gateway__ApiKeys__0 (user secrets or environment) or enable Gateway:DemoMode explicitly.");
        }
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
        if (options.RateLimit.PermitLimit < 1)
        {
            failures.Add("Gateway:RateLimit:PermitLimit must be at least 1.");
        }
        if (options.RateLimit.Window <= TimeSpan.Zero)
        {
            failures.Add("Gateway:RateLimit:Window must be a positive time span such as 00:01:00.");
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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
