using FunAsr.Data.Accounts;
using FunAsr.Gateway.Accounts;
using FunAsr.Gateway.Audit;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Security;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Gateway.Api;

/// <summary>People, keys and the audit trail, for admins only.</summary>
public static class AdminEndpoints
{
    public const int MaxKeyDays = 365;
    public const int DefaultKeyDays = 90;

    public static void MapAdminEndpoints(this WebApplication app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireRole(Roles.Admin);
        admin.MapGet("/users", (AccountDirectory directory, CancellationToken cancellationToken) => directory.ListAsync(cancellationToken));
        admin.MapPost("/users", CreateUserAsync);
        admin.MapPatch("/users/{id}", UpdateUserAsync);
        admin.MapPost("/users/{id}/password", ResetPasswordAsync);
        admin.MapPost("/keys", MintKeyAsync);
        admin.MapGet("/keys", ListKeysAsync);
        admin.MapDelete("/keys/{id}", RevokeKeyAsync);
        admin.MapGet("/audit", ReadAuditAsync);
    }

    public sealed record NewAccount(string? UserName, string? Password, string? DisplayName, string? Role, string? Department);

    public sealed record AccountChange(string? Role, string? Department, bool? Disabled, string? DisplayName);

    public sealed record PasswordReset(string? Password);

    public sealed record MintKeyRequest(string? Name, string? Role, string? AccountId, string? ServiceName, string? Department, int? ExpiresInDays);

    /// <summary>The only time the key itself is shown; afterwards only its id is known.</summary>
    public sealed record MintedKey(string Id, string Key, string Name, string Role, string? AccountId, string? ServiceName, DateTime ExpiresAt);

    public sealed record KeyView(string Id, string Name, string Role, string? AccountId, string? AccountName, string? ServiceName, string? Department,
        DateTime CreatedAt, string? CreatedBy, DateTime ExpiresAt, DateTime? RevokedAt, string Status);

    public sealed record AuditView(long Id, DateTime At, string Kind, string? ActorId, string? ActorName, string? Subject, string? ClientAddress,
        string? RequestId, string? Detail);

    public sealed record AuditPage(IReadOnlyList<AuditView> Events, long? Before);

    private static async Task<Results<Created<AccountView>, ProblemHttpResult>> CreateUserAsync(
        NewAccount request, UserManager<Account> users, AccountDirectory directory, AuditTrail audit, TimeProvider time)
    {
        var role = request.Role ?? Roles.Employee;
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return Problems.BadRequest("A new account needs a user name and a password.", "account_incomplete");
        }
        if (!Roles.IsKnown(role))
        {
            return Problems.BadRequest($"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.", "unknown_role");
        }
        if (await users.FindByNameAsync(request.UserName.Trim()) is not null)
        {
            return Problems.Conflict($"An account named '{request.UserName.Trim()}' already exists.", "account_exists");
        }
        var account = new Account
        {
            UserName = request.UserName.Trim(),
            DisplayName = request.DisplayName?.Trim(),
            Department = Blank(request.Department),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(account, request.Password);
        if (!created.Succeeded)
        {
            return Problems.BadRequest(string.Join(" ", created.Errors.Select(e => e.Description)), "account_rejected");
        }
        await directory.SetRoleAsync(account, role);
        await audit.RecordAsync(AuditKinds.AccountCreated, account.UserName, $"role {role}");
        return TypedResults.Created($"/api/admin/users/{account.Id}", await directory.ViewAsync(account));
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> UpdateUserAsync(
        string id, AccountChange change, UserManager<Account> users, AccountDirectory directory, AuditTrail audit)
    {
        if (await users.FindByIdAsync(id) is not { } account)
        {
            return Problems.NotFound($"No account has the id '{id}'.");
        }
        if (change.Role is not null && !Roles.IsKnown(change.Role))
        {
            return Problems.BadRequest($"'{change.Role}' is not a role; use one of {string.Join(", ", Roles.All)}.", "unknown_role");
        }
        var demoting = change.Role is not null && change.Role != Roles.Admin;
        if ((demoting || change.Disabled == true) && await directory.IsLastAdminAsync(account))
        {
            return Problems.Conflict("This is the last admin who can sign in; make someone else admin first.", "last_admin");
        }
        if (change.Department is not null || change.DisplayName is not null || change.Disabled is not null)
        {
            var wasDisabled = account.Disabled;
            account.Department = change.Department is null ? account.Department : Blank(change.Department);
            account.DisplayName = change.DisplayName?.Trim() ?? account.DisplayName;
            account.Disabled = change.Disabled ?? account.Disabled;
            await users.UpdateAsync(account);
            if (wasDisabled != account.Disabled || change.Department is not null)
            {
                // Sessions pick up a disabled account or a new department at their next check.
                await users.UpdateSecurityStampAsync(account);
            }
            if (wasDisabled != account.Disabled)
            {
                await audit.RecordAsync(account.Disabled ? AuditKinds.AccountDisabled : AuditKinds.AccountEnabled, account.UserName);
            }
        }
        if (change.Role is not null)
        {
            var previous = await directory.SetRoleAsync(account, change.Role);
            if (previous != change.Role)
            {
                await audit.RecordAsync(AuditKinds.RoleChanged, account.UserName, $"{previous ?? "none"} → {change.Role}");
            }
        }
        return TypedResults.Ok(await directory.ViewAsync(account));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(
        string id, PasswordReset request, UserManager<Account> users, AuditTrail audit)
    {
        if (await users.FindByIdAsync(id) is not { } account)
        {
            return Problems.NotFound($"No account has the id '{id}'.");
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            return Problems.BadRequest("Enter the new password.", "password_missing");
        }
        // Checked before the old password is removed, so a refused password never leaves the account without one.
        foreach (var validator in users.PasswordValidators)
        {
            var verdict = await validator.ValidateAsync(users, account, request.Password);
            if (!verdict.Succeeded)
            {
                return Problems.BadRequest(string.Join(" ", verdict.Errors.Select(e => e.Description)), "password_rejected");
            }
        }
        if (await users.HasPasswordAsync(account))
        {
            await users.RemovePasswordAsync(account);
        }
        await users.AddPasswordAsync(account, request.Password);
        await users.SetLockoutEndDateAsync(account, null);
        await audit.RecordAsync(AuditKinds.PasswordChanged, account.UserName, "reset by an admin");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<MintedKey>, ProblemHttpResult>> MintKeyAsync(
        MintKeyRequest request, HttpContext context, AccountsDbContext db, UserManager<Account> users, AccountDirectory directory,
        AuditTrail audit, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            return Problems.BadRequest("Give the key a name (up to 100 characters) that says what it is for.", "key_name_missing");
        }
        if (!Roles.IsKnown(request.Role))
        {
            return Problems.BadRequest($"A key needs a role: one of {string.Join(", ", Roles.All)}.", "unknown_role");
        }
        if ((request.AccountId is null) == string.IsNullOrWhiteSpace(request.ServiceName))
        {
            return Problems.BadRequest("A key belongs either to a person (accountId) or to a service (serviceName), not both and not neither.", "key_owner");
        }
        var days = request.ExpiresInDays ?? DefaultKeyDays;
        if (days is < 1 or > MaxKeyDays)
        {
            return Problems.BadRequest($"A key expires after 1 to {MaxKeyDays} days.", "key_expiry");
        }
        Account? owner = null;
        if (request.AccountId is not null)
        {
            owner = await users.FindByIdAsync(request.AccountId);
            if (owner is null || owner.Disabled)
            {
                return Problems.BadRequest($"No active account has the id '{request.AccountId}'.", "key_owner");
            }
            var ownerRole = await directory.RoleOfAsync(owner);
            if (Roles.Rank(request.Role) > Roles.Rank(ownerRole))
            {
                return Problems.BadRequest($"A key cannot do more than its owner, whose role is {ownerRole}.", "key_role_above_owner");
            }
        }
        var (id, key, hash) = ApiKeyFormat.Create();
        var now = time.GetUtcNow().UtcDateTime;
        var record = new ApiKey
        {
            Id = id,
            Name = request.Name.Trim(),
            Role = request.Role!,
            AccountId = owner?.Id,
            ServiceName = owner is null ? request.ServiceName!.Trim() : null,
            Department = owner is null ? Blank(request.Department) : null,
            SecretHash = hash,
            CreatedAt = now,
            CreatedBy = context.User.Subject(),
            ExpiresAt = now.AddDays(days),
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        await audit.RecordAsync(AuditKinds.KeyMinted, id, $"'{record.Name}' role {record.Role} for {owner?.UserName ?? $"service {record.ServiceName}"}, expires {record.ExpiresAt:yyyy-MM-dd}");
        return TypedResults.Created($"/api/admin/keys/{id}", new MintedKey(id, key, record.Name, record.Role, record.AccountId, record.ServiceName, record.ExpiresAt));
    }

    private static async Task<List<KeyView>> ListKeysAsync(AccountsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = await db.ApiKeys.AsNoTracking().Include(k => k.Account).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.Select(k => new KeyView(k.Id, k.Name, k.Role, k.AccountId, k.Account?.UserName, k.ServiceName, k.Department ?? k.Account?.Department,
            k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.RevokedAt,
            k.RevokedAt is not null ? "revoked" : k.ExpiresAt <= now ? "expired" : "active")).ToList();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        string id, HttpContext context, AccountsDbContext db, AuditTrail audit, TimeProvider time)
    {
        if (await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id) is not { } key)
        {
            return Problems.NotFound($"No key has the id '{id}'.");
        }
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
            key.RevokedBy = context.User.Subject();
            await db.SaveChangesAsync();
            await audit.RecordAsync(AuditKinds.KeyRevoked, id, $"'{key.Name}'");
        }
        return TypedResults.NoContent();
    }

    private static async Task<AuditPage> ReadAuditAsync(string? kind, long? before, int? limit, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? 100, 1, 500);
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(e => e.Kind == kind);
        }
        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }
        var rows = await query.OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        var events = rows.Select(e => new AuditView(e.Id, e.At, e.Kind, e.ActorId, e.ActorName, e.Subject, e.ClientAddress, e.RequestId, e.Detail)).ToList();
        return new AuditPage(events, events.Count == take ? events[^1].Id : null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
