using FunAsr.Data.Accounts;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Gateway.Accounts;

/// <summary>An account as admins and the page see it.</summary>
public sealed record AccountView(string Id, string UserName, string? DisplayName, string Role, string? Department, bool Disabled,
    bool LockedOut, bool SingleSignOn, DateTime CreatedAt);

/// <summary>Roles are held one per account; changing one ends the account's sessions at their next check.</summary>
public sealed class AccountDirectory(UserManager<Account> users, AccountsDbContext db, TimeProvider time)
{
    public async Task<string> RoleOfAsync(Account account) => Roles.Highest(await users.GetRolesAsync(account)) ?? Roles.Employee;

    /// <summary>Sets the one role; returns the previous one (null for a new account).</summary>
    public async Task<string?> SetRoleAsync(Account account, string role)
    {
        var current = await users.GetRolesAsync(account);
        var previous = Roles.Highest(current);
        if (current.Count == 1 && current[0] == role)
        {
            return previous;
        }
        if (current.Count > 0)
        {
            Check(await users.RemoveFromRolesAsync(account, current));
        }
        Check(await users.AddToRoleAsync(account, role));
        Check(await users.UpdateSecurityStampAsync(account));
        return previous;
    }

    /// <summary>True when <paramref name="account"/> is the only admin able to sign in (who must not be demoted or disabled).</summary>
    public async Task<bool> IsLastAdminAsync(Account account)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return admins.Count(a => !a.Disabled) == 1 && admins.Any(a => a.Id == account.Id && !a.Disabled);
    }

    public async Task<List<AccountView>> ListAsync(CancellationToken cancellationToken)
    {
        var roles = await db.UserRoles.Join(db.Roles, link => link.RoleId, role => role.Id, (link, role) => new { link.UserId, role.Name })
            .ToListAsync(cancellationToken);
        var sso = (await db.UserLogins.Select(login => login.UserId).ToListAsync(cancellationToken)).ToHashSet();
        var accounts = await db.Users.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return accounts.Select(a => new AccountView(a.Id, a.UserName!, a.DisplayName,
            Roles.Highest(roles.Where(r => r.UserId == a.Id).Select(r => r.Name!)) ?? Roles.Employee, a.Department, a.Disabled,
            a.LockoutEnd is { } end && end > now, sso.Contains(a.Id), a.CreatedAt)).ToList();
    }

    public async Task<AccountView> ViewAsync(Account account) => new(account.Id, account.UserName!, account.DisplayName, await RoleOfAsync(account),
        account.Department, account.Disabled, account.LockoutEnd is { } end && end > time.GetUtcNow(),
        (await users.GetLoginsAsync(account)).Count > 0, account.CreatedAt);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
