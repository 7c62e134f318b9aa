using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FunAsr.Data.Accounts;
using FunAsr.Gateway.Configuration;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Security;

/// <summary>What checking a presented key found.</summary>
public enum KeyStatus
{
    Valid,
    Unknown,
    Revoked,
    Expired,
    AccountDisabled,
}

public sealed record KeyCheck(KeyStatus Status, ClaimsPrincipal? Principal);

/// <summary>
/// Checks keys on every request against the database, so a revoked key fails at once on every replica. Configured
/// keys are compared all at once in constant time; minted keys are found by their public id and their secret's
/// hash compared in constant time.
/// </summary>
public sealed class ApiKeyService(AccountsDbContext db, IOptionsMonitor<GatewayOptions> options, TimeProvider time)
{
    /// <summary>Claim holding the key's SHA-256 in a session opened with a key, to re-check it on each request.</summary>
    public const string KeyHashClaim = "key_hash";

    public const string ConfiguredKeyPrefix = "key-";

    public async Task<KeyCheck> CheckAsync(string presented, string scheme, CancellationToken cancellationToken)
    {
        if (MatchConfigured(ApiKeyFormat.Hash(presented)) is { } configured)
        {
            return new KeyCheck(KeyStatus.Valid, ConfiguredPrincipal(configured, scheme));
        }
        if (!ApiKeyFormat.TryParse(presented, out var id, out var secret))
        {
            return new KeyCheck(KeyStatus.Unknown, null);
        }
        return await CheckMintedAsync(id, ApiKeyFormat.Hash(secret), scheme, cancellationToken);
    }

    /// <summary>Re-checks the key behind a session (cookie) opened with it.</summary>
    public async Task<bool> StillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var keyId = principal.KeyId();
        var hash = principal.FindFirst(KeyHashClaim)?.Value is { } stored ? Convert.FromHexString(stored) : null;
        if (keyId is null || hash is null)
        {
            return false;
        }
        if (keyId.StartsWith(ConfiguredKeyPrefix, StringComparison.Ordinal))
        {
            return MatchConfigured(hash) == keyId;
        }
        var check = await CheckMintedAsync(keyId, hash, principal.Identity?.AuthenticationType ?? "session", cancellationToken);
        return check.Status == KeyStatus.Valid && check.Principal!.Role() == principal.Role();
    }

    /// <summary>The hash a session stores: of the whole key for configured keys, of the secret for minted ones.</summary>
    public static string SessionHash(string presented) =>
        Convert.ToHexStringLower(ApiKeyFormat.TryParse(presented, out _, out var secret) ? ApiKeyFormat.Hash(secret) : ApiKeyFormat.Hash(presented));

    private async Task<KeyCheck> CheckMintedAsync(string id, byte[] secretHash, string scheme, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().Include(k => k.Account).FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        // Compare even when no row was found, so the answer takes as long either way.
        var stored = key?.SecretHash ?? new byte[32];
        if (!CryptographicOperations.FixedTimeEquals(stored, secretHash) || key is null)
        {
            return new KeyCheck(KeyStatus.Unknown, null);
        }
        if (key.RevokedAt is not null)
        {
            return new KeyCheck(KeyStatus.Revoked, null);
        }
        if (key.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return new KeyCheck(KeyStatus.Expired, null);
        }
        if (key.Account is { } account)
        {
            if (account.Disabled)
            {
                return new KeyCheck(KeyStatus.AccountDisabled, null);
            }
            var accountRole = await RoleOfAsync(account.Id, cancellationToken);
            if (accountRole is null)
            {
                return new KeyCheck(KeyStatus.AccountDisabled, null);
            }
            // A person's key never acts above what the person may do today.
            var role = Roles.Lower(key.Role, accountRole);
            return new KeyCheck(KeyStatus.Valid, GatewayIdentity.ForKey(scheme, account.Id, account.UserName, role, account.Department, key.Id));
        }
        return new KeyCheck(KeyStatus.Valid,
            GatewayIdentity.ForKey(scheme, $"key:{key.Id}", key.ServiceName ?? key.Name, key.Role, key.Department, key.Id));
    }

    public async Task<string?> RoleOfAsync(string accountId, CancellationToken cancellationToken)
    {
        var names = await db.UserRoles.Where(link => link.UserId == accountId)
            .Join(db.Roles, link => link.RoleId, role => role.Id, (_, role) => role.Name!)
            .ToListAsync(cancellationToken);
        return Roles.Highest(names);
    }

    private string? MatchConfigured(byte[] presentedHash)
    {
        var keys = options.CurrentValue.ApiKeys;
        string? found = null;
        for (var i = 0; i < keys.Length; i++)
        {
            // Every key is compared, so timing does not reveal which position matched.
            if (CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(keys[i]))))
            {
                found = $"{ConfiguredKeyPrefix}{i}";
            }
        }
        return found;
    }

    private static ClaimsPrincipal ConfiguredPrincipal(string keyId, string scheme) =>
        GatewayIdentity.ForKey(scheme, $"key:{keyId}", $"configured {keyId}", Roles.Admin, null, keyId);
}
