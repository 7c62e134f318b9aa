using FunAsr.Data.Accounts;
using FunAsr.Gateway.Audit;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Accounts;

/// <summary>
/// Creates <c>Accounts:Bootstrap</c> as an admin when the database has no admin yet, so a fresh installation has a
/// first way in. Runs after the migration (hosted services start in order) and does nothing once an admin exists.
/// </summary>
public sealed class BootstrapAdminSeeder(IServiceProvider services, IOptions<AccountOptions> options, TimeProvider time, ILogger<BootstrapAdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Bootstrap is not { } bootstrap)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }
        var account = await users.FindByNameAsync(bootstrap.UserName);
        if (account is null)
        {
            account = new Account { UserName = bootstrap.UserName, DisplayName = bootstrap.DisplayName ?? bootstrap.UserName, CreatedAt = time.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(account, bootstrap.Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Accounts:Bootstrap could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }
        await scope.ServiceProvider.GetRequiredService<AccountDirectory>().SetRoleAsync(account, Roles.Admin);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(AuditKinds.AccountCreated, account.UserName,
            "first admin from Accounts:Bootstrap", actor: new System.Security.Claims.ClaimsPrincipal(), cancellationToken: cancellationToken);
        logger.LogWarning("Created the first admin account {UserName} from Accounts:Bootstrap", account.UserName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
