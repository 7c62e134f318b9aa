using FunAsr.Data.Database;
using Microsoft.Extensions.Hosting;

namespace FunAsr.Data.Accounts;

public static class AccountsRegistration
{
    /// <summary>The accounts schema on the configured engine, migrated at start.</summary>
    public static IHostApplicationBuilder AddAccountsDatabase(this IHostApplicationBuilder builder) =>
        builder.AddFunAsrDbContext<AccountsDbContext, SqliteAccountsDbContext, PostgreSqlAccountsDbContext>(AccountsDbContext.SchemaName);
}
