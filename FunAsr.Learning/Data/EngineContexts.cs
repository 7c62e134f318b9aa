using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FunAsr.Learning.Data;

/// <summary>The learning schema on SQLite; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteLearningDbContext(DbContextOptions<SqliteLearningDbContext> options) : LearningDbContext(options);

/// <summary>The learning schema on PostgreSQL; its migrations live in Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlLearningDbContext(DbContextOptions<PostgreSqlLearningDbContext> options) : LearningDbContext(options);

/// <summary>For <c>dotnet ef migrations add</c>: no database is opened to generate a migration.</summary>
internal sealed class SqliteLearningDesignFactory : IDesignTimeDbContextFactory<SqliteLearningDbContext>
{
    public SqliteLearningDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteLearningDbContext>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable($"__{LearningDbContext.SchemaName}_migrations")).Options);
}

internal sealed class PostgreSqlLearningDesignFactory : IDesignTimeDbContextFactory<PostgreSqlLearningDbContext>
{
    public PostgreSqlLearningDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlLearningDbContext>()
        .UseNpgsql("Host=localhost;Database=design", npgsql => npgsql.MigrationsHistoryTable($"__{LearningDbContext.SchemaName}_migrations")).Options);
}
