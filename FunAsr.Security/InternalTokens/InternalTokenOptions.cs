using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FunAsr.Security.InternalTokens;

/// <summary>
/// Section <c>InternalAuth</c>, the same in the gateway (which signs) and every service (which verifies). The AppHost
/// supplies <c>InternalAuth__SigningKey</c> from a secret parameter.
/// </summary>
public sealed class InternalTokenOptions
{
    public const string SectionName = "InternalAuth";
    public const int MinimumKeyLength = 32;

    /// <summary>Shared HMAC-SHA256 secret, at least 32 characters.</summary>
    public string SigningKey { get; set; } = string.Empty;

    public string Issuer { get; set; } = "funasr-gateway";

    public string Audience { get; set; } = "funasr-services";

    /// <summary>How long a signed request stays valid; long enough for a hop to a busy service, short enough not to be worth stealing.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    internal SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey)) { KeyId = "funasr-internal" };
}

internal sealed class InternalTokenOptionsValidator : IValidateOptions<InternalTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, InternalTokenOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningKey) || options.SigningKey.Length < InternalTokenOptions.MinimumKeyLength)
        {
            failures.Add($"InternalAuth:SigningKey must be at least {InternalTokenOptions.MinimumKeyLength} characters and the same in the gateway and every service. " +
                         "The AppHost passes it as InternalAuth__SigningKey; set it yourself when running a service alone.");
        }
        if (options.Lifetime <= TimeSpan.Zero || options.Lifetime > TimeSpan.FromMinutes(15))
        {
            failures.Add("InternalAuth:Lifetime must be between 00:00:01 and 00:15:00.");
        }
        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("InternalAuth:Issuer and InternalAuth:Audience must not be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
