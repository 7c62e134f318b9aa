using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FunAsr.Data.Accounts;

/// <summary>The accounts schema on SQLite; its migrations live in Accounts/Migrations/Sqlite.</summary>
public sealed class SqliteAccountsDbContext(DbContextOptions<SqliteAccountsDbContext> options) : AccountsDbContext(options);

/// <summary>The accounts schema on PostgreSQL; its migrations live in Accounts/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlAccountsDbContext(DbContextOptions<PostgreSqlAccountsDbContext> options) : AccountsDbContext(options);

/// <summary>For <c>dotnet ef migrations add</c>: no database is opened to generate a migration.</summary>
internal sealed class SqliteAccountsDesignFactory : IDesignTimeDbContextFactory<SqliteAccountsDbContext>
{
    public SqliteAccountsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteAccountsDbContext>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable($"__{AccountsDbContext.SchemaName}_migrations")).Options);
}

internal sealed class PostgreSqlAccountsDesignFactory : IDesignTimeDbContextFactory<PostgreSqlAccountsDbContext>
{
    public PostgreSqlAccountsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlAccountsDbContext>()
        .UseNpgsql("Host=localhost;Database=design", npgsql => npgsql.MigrationsHistoryTable($"__{AccountsDbContext.SchemaName}_migrations")).Options);
}
