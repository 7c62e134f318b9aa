using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Identity;

namespace FunAsr.Data.Accounts;

/// <summary>The roles exist from the first migration on, with fixed ids so the migration is the same on every machine.</summary>
internal static class SeedRoles
{
    public static readonly IdentityRole[] All = Roles.All.Select(name => new IdentityRole
    {
        Id = $"role-{name}",
        Name = name,
        NormalizedName = name.ToUpperInvariant(),
        ConcurrencyStamp = $"role-{name}",
    }).ToArray();
}
