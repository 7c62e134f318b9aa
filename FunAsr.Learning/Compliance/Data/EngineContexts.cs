using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FunAsr.Learning.Compliance.Data;

/// <summary>The compliance schema on SQLite; its migrations live in Compliance/Data/Migrations/Sqlite.</summary>
public sealed class SqliteComplianceDbContext(DbContextOptions<SqliteComplianceDbContext> options) : ComplianceDbContext(options);

/// <summary>The compliance schema on PostgreSQL; its migrations live in Compliance/Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlComplianceDbContext(DbContextOptions<PostgreSqlComplianceDbContext> options) : ComplianceDbContext(options);

/// <summary>For <c>dotnet ef migrations add</c>: no database is opened to generate a migration.</summary>
internal sealed class SqliteComplianceDesignFactory : IDesignTimeDbContextFactory<SqliteComplianceDbContext>
{
    public SqliteComplianceDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteComplianceDbContext>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable($"__{ComplianceDbContext.SchemaName}_migrations")).Options);
}

internal sealed class PostgreSqlComplianceDesignFactory : IDesignTimeDbContextFactory<PostgreSqlComplianceDbContext>
{
    public PostgreSqlComplianceDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlComplianceDbContext>()
        .UseNpgsql("Host=localhost;Database=design", npgsql => npgsql.MigrationsHistoryTable($"__{ComplianceDbContext.SchemaName}_migrations")).Options);
}
