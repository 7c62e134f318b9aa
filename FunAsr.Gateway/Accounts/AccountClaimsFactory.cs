using System.Security.Claims;
using FunAsr.Data.Accounts;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Accounts;

/// <summary>The session's claims: Identity's (id, name, roles, security stamp) plus the department.</summary>
public sealed class AccountClaimsFactory(UserManager<Account> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.Department))
        {
            identity.AddClaim(new Claim(CallerClaims.Department, user.Department));
        }
        return identity;
    }
}
