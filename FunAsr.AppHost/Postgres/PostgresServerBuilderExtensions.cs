using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static class PostgresServerBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL as the machine's own server (Debian's <c>postgresql</c> package): a cluster in
    /// <paramref name="dataDirectory"/> initialised once, a generated superuser password (kept in the AppHost's user
    /// secrets) that reaches initdb through an owner-only file and later starts through standard input, never a command
    /// line; scram-sha-256 on loopback TCP at the port DCP assigns, no Unix socket; an Npgsql health check.
    /// </summary>
    public static IResourceBuilder<PostgresExecutableResource> AddPostgresServer(this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory)
    {
        // Npgsql connection strings split at ';' and the single-user statement quotes with '': no specials, nothing to escape.
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var bin = PostgresCluster.FindBin();
        var (command, prefix) = PostgresCluster.AsServiceUser(bin is null ? "postgres" : Path.Combine(bin, "postgres"));
        var server = new PostgresExecutableResource(name, command, Path.GetFullPath(dataDirectory), password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, cancellationToken) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheckKey = $"{name}_check";
        // Without a database in it, Npgsql would ask for one named after the user; "postgres" always exists.
        builder.Services.AddHealthChecks().AddNpgSql(_ => Unpooled(connectionString ?? throw new InvalidOperationException("PostgreSQL has no address yet")) + ";Database=postgres", name: healthCheckKey);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            // On the console too: a database that cannot start leaves every service waiting, with no other sign why.
            var console = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FunAsr.AppHost");
            if (bin is null)
            {
                logger.LogError(PostgresCluster.InstallHint);
                console.LogError(PostgresCluster.InstallHint);
                return;
            }
            try
            {
                await PostgresCluster.PrepareAsync(server, bin, await password.GetValueAsync(cancellationToken) ?? "", logger, cancellationToken);
            }
            catch (InvalidOperationException error)
            {
                logger.LogError("{Message}", error.Message);
                console.LogError("PostgreSQL cannot start: {Message}", error.Message);
                throw;
            }
        });

        return builder.AddResource(server)
            .WithEndpoint(name: PostgresExecutableResource.PrimaryEndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                foreach (var argument in prefix)
                {
                    context.Args.Add(argument);
                }
                context.Args.Add("-D");
                context.Args.Add(server.DataDirectory);
                // The port DCP chose for the server behind its proxy (not a secret, so on the command line).
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1,::1");
                // TCP only: the default socket folder belongs to Debian's own cluster, and nothing here needs a socket.
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Adds a database to the server, as Aspire's <c>AddDatabase</c> does for its container: created (if missing) as soon as
    /// the server answers, then Running, and healthy while it accepts connections.
    /// </summary>
    public static IResourceBuilder<PostgresExecutableDatabaseResource> AddDatabase(this IResourceBuilder<PostgresExecutableResource> server, [ResourceName] string name, string? databaseName = null)
    {
        var builder = server.ApplicationBuilder;
        var database = new PostgresExecutableDatabaseResource(name, databaseName ?? name, server.Resource);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, cancellationToken) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => Unpooled(connectionString ?? throw new InvalidOperationException("The database has no address yet")), name: healthCheckKey);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server.Resource);
            try
            {
                await PostgresDatabases.CreateIfMissingAsync(server.Resource, database, logger, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Otherwise whatever waits for the database would wait forever.
                logger.LogError(error, "Could not create database {Database}", database.DatabaseName);
                await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.FailedToStart });
                return;
            }
            await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        });
        // DCP reports the server's states; the database, which no process runs, follows the server's end.
        builder.Eventing.Subscribe<ResourceStoppedEvent>(server.Resource, async (@event, _) =>
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Finished,
                StopTimeStamp = DateTime.UtcNow,
            }));

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    /// <summary>
    /// The AppHost's own connections close after each use: PostgreSQL's shutdown on SIGTERM waits for every client to leave,
    /// and an idle pooled connection of the AppHost's would hold it until the AppHost itself ends.
    /// </summary>
    internal static string Unpooled(string connectionString) => connectionString + ";Pooling=false";
}
