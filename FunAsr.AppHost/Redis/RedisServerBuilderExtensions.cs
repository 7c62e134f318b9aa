using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static class RedisServerBuilderExtensions
{
    public const string InstallHint = "redis-server is not installed: run 'sudo apt-get install redis-server' (or start Docker or Podman to run Redis in a container)";

    /// <summary>
    /// Adds Redis as the machine's <c>redis-server</c> process: a generated password (kept in the AppHost's user secrets),
    /// append-only persistence in <paramref name="dataDirectory"/>, and a PING health check. The password reaches the
    /// server through a <c>redis.conf</c> only its owner can read, never through a command line.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory)
    {
        // StackExchange.Redis cannot parse commas in a password, and redis.conf quoting stays trivial without specials.
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var command = FindOnPath("redis-server");
        var redis = new RedisServerResource(name, command ?? "redis-server", Path.GetFullPath(dataDirectory), password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => connectionString ?? throw new InvalidOperationException("Redis has no address yet"), healthCheckKey);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (@event, cancellationToken) =>
        {
            if (command is null)
            {
                @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(redis).LogError(InstallHint);
                @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FunAsr.AppHost").LogError(InstallHint);
                return;
            }
            await WriteConfigurationAsync(redis, await password.GetValueAsync(cancellationToken) ?? "", cancellationToken);
        });

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.PrimaryEndpointName, scheme: "redis")
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigurationFile);
                // The port DCP chose for the server behind its proxy (not a secret, so on the command line).
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    private static async Task WriteConfigurationAsync(RedisServerResource redis, string password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(redis.DataDirectory);
        var configuration = new StringBuilder()
            .AppendLine("# Written by FunAsr.AppHost at every start; it holds the password, so only its owner may read it.")
            .AppendLine("bind 127.0.0.1 -::1")
            .AppendLine("protected-mode yes")
            .AppendLine($"dir \"{redis.DataDirectory}\"")
            .AppendLine("appendonly yes")
            .AppendLine("appendfsync everysec")
            .AppendLine("save \"\"")
            .AppendLine("daemonize no")
            .AppendLine("logfile \"\"")
            .AppendLine($"requirepass \"{password}\"")
            .ToString();
        // Owner-only before the password is written, so it is never readable by others, even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(redis.ConfigurationFile, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await file.WriteAsync(Encoding.UTF8.GetBytes(configuration), cancellationToken);
    }

    internal static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
}
