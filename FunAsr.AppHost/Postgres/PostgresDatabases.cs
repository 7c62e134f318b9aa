using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>Creates a server's databases the way Aspire's container resource does, through the maintenance database.</summary>
internal static class PostgresDatabases
{
    public static async Task CreateIfMissingAsync(PostgresExecutableResource server, PostgresExecutableDatabaseResource database, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(PostgresServerBuilderExtensions.Unpooled(connectionString!) + ";Database=postgres");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName)}";
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Created database {Database}", database.DatabaseName);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Kept from an earlier run.
        }
    }
}
