using System.Security.Cryptography;
using System.Text;
using FunAsr.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Security;

/// <summary>
/// Matches a presented key against the configured ones in constant time and names the match by position
/// ("key-0"), so logs, traces and rate-limit partitions never carry the secret itself.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly IOptionsMonitor<GatewayOptions> _options;

    public ApiKeyStore(IOptionsMonitor<GatewayOptions> options) => _options = options;

    public bool DemoMode => _options.CurrentValue.DemoMode;

    public bool TryMatch(string presented, out string keyId)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var keys = _options.CurrentValue.ApiKeys;
        var found = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            // Every key is compared, so timing does not reveal which position matched.
            if (CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(keys[i]))))
            {
                found = i;
            }
        }
        keyId = found >= 0 ? $"key-{found}" : string.Empty;
        return found >= 0;
    }
}
