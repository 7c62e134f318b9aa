using System.Security.Claims;
using FunAsr.Data.Accounts;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Accounts;

/// <summary>The outcome of turning an identity provider's answer into an account.</summary>
public sealed record ExternalSignInResult(Account? Account, string? Role, string? Error);

/// <summary>
/// Finds the account linked to the provider's subject, or creates one; each sign-in refreshes the role (from the
/// mapped claim) and the department, since the identity provider is the source of truth for single sign-on users.
/// A local account with the same name is never linked by name alone: that would let the IdP take it over.
/// </summary>
public sealed class ExternalSignIn(UserManager<Account> users, IOptionsMonitor<AccountOptions> options, TimeProvider time, ILogger<ExternalSignIn> logger)
{
    public async Task<ExternalSignInResult> ResolveAsync(ClaimsPrincipal external, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Oidc;
        var subject = external.FindFirst(settings.SubjectClaim)?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            return new ExternalSignInResult(null, null, $"The identity provider sent no '{settings.SubjectClaim}' claim.");
        }
        var role = MapRole(external, settings);
        if (role is null)
        {
            return new ExternalSignInResult(null, null, "Your organisation has not given you access to this platform.");
        }
        var department = external.FindFirst(settings.DepartmentClaim)?.Value;
        var displayName = external.FindFirst("name")?.Value;

        var account = await users.FindByLoginAsync(SingleSignOn.SchemeName, subject);
        if (account is null)
        {
            account = new Account
            {
                UserName = await FreeUserNameAsync(external, subject),
                Email = external.FindFirst("email")?.Value,
                DisplayName = displayName,
                Department = department,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(account);
            if (!created.Succeeded)
            {
                return new ExternalSignInResult(null, null, string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            await users.AddLoginAsync(account, new UserLoginInfo(SingleSignOn.SchemeName, subject, settings.DisplayName));
            logger.LogInformation("Created account {Account} for a single sign-on subject", account.Id);
        }
        else if (account.DisplayName != displayName || account.Department != department)
        {
            account.DisplayName = displayName;
            account.Department = department;
            await users.UpdateAsync(account);
        }
        return new ExternalSignInResult(account, role, null);
    }

    public static string? MapRole(ClaimsPrincipal external, OidcSettings settings)
    {
        var mapped = external.FindAll(settings.RoleClaim)
            .SelectMany(claim => SplitValues(claim.Value))
            .Select(value => settings.RoleMap.TryGetValue(value, out var role) ? role : null)
            .OfType<string>();
        return Roles.Highest(mapped) ?? settings.FallbackRole;
    }

    // Some providers put several roles in one claim as a JSON array or separated by spaces.
    private static IEnumerable<string> SplitValues(string value) => value.StartsWith('[')
        ? System.Text.Json.JsonSerializer.Deserialize<string[]>(value) ?? []
        : value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task<string> FreeUserNameAsync(ClaimsPrincipal external, string subject)
    {
        var wanted = external.FindFirst("preferred_username")?.Value ?? external.FindFirst("email")?.Value ?? $"sso-{subject}";
        wanted = wanted.Length > 200 ? wanted[..200] : wanted;
        if (await users.FindByNameAsync(wanted) is null)
        {
            return wanted;
        }
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(subject)))[..8];
        return $"{wanted}-sso-{suffix}";
    }
}
