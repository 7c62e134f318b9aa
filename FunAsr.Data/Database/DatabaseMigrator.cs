using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunAsr.Data.Database;

/// <summary>
/// Applies the context's pending migrations before the host starts listening (hosted services start before the
/// server). EF Core takes a database-wide migration lock, so replicas starting together migrate once.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceProvider services, DatabaseConnection connection, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    // Any fixed number: the advisory lock's name for "someone is migrating the platform's database".
    private const long MigrationLockKey = 0x46756e417372;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var span = DatabaseRegistration.Source.StartActivity("database.migrate");
        span?.SetTag("db.context", typeof(TContext).Name);
        span?.SetTag("db.system", connection.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        try
        {
            if (connection.Provider == DatabaseProvider.Sqlite)
            {
                // Write-ahead logging lets readers (page requests) proceed while a writer (audit, keys) commits.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            else
            {
                // One migrator at a time across replicas: EF's own lock is taken per migration on PostgreSQL, so two
                // replicas starting together could each apply the second migration. A session lock spans them all.
                await CreateDatabaseIfMissingAsync(db, cancellationToken);
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            }
            // The history table first: on a fresh PostgreSQL database the provider reads applied migrations from a table
            // that is not there yet and EF Core logs that failed command as an error, for what is only a first start.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (connection.Provider == DatabaseProvider.PostgreSql)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", cancellationToken);
            }
            span?.SetTag("db.migrations.applied", pending.Count);
            if (pending.Count > 0)
            {
                logger.LogInformation("Applied {Count} migrations to the {Context} schema: {Migrations}", pending.Count, typeof(TContext).Name, string.Join(", ", pending));
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.Message);
            throw new InvalidOperationException(
                $"The {typeof(TContext).Name} schema could not be migrated on {connection.Provider}: {error.Message} " +
                $"Check ConnectionStrings:{DatabaseOptions.ConnectionName} (or Database:DataDirectory for SQLite).", error);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task CreateDatabaseIfMissingAsync(TContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException error) when (error.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
        {
            // Another replica created it a moment ago.
        }
    }
}
