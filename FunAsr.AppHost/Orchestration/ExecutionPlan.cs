using System.Net;
using System.Net.Sockets;
using FunAsr.AppHost.Hosting;
using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Orchestration;

/// <summary>One process to run: a resource, or one replica of it, with its port, command line and environment.</summary>
public sealed class InstancePlan
{
    public required Resource Resource { get; init; }
    public required int Index { get; init; }
    /// <summary>The resource name, or <c>{name}-{instanceId}</c> for replicated resources (as the Aspire dashboard names replicas).</summary>
    public required string Name { get; init; }
    /// <summary>Eight lowercase letters, the OpenTelemetry <c>service.instance.id</c>.</summary>
    public required string InstanceId { get; init; }
    public required int Port { get; init; }
    /// <summary>The HTTP endpoint of a project replica; null for Redis.</summary>
    public string? Url { get; init; }
    public required string FileName { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public required string WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; internal set; } = new Dictionary<string, string>();
}

/// <summary>
/// The resolved application: ports allocated and every instance's environment computed, before any process starts
/// (so the environment contract can be checked on its own).
/// </summary>
public sealed class ExecutionPlan
{
    private ExecutionPlan(IReadOnlyList<InstancePlan> instances, TelemetryEndpoint telemetry, int dashboardPort, string dashboardToken)
    {
        Instances = instances;
        Telemetry = telemetry;
        DashboardPort = dashboardPort;
        DashboardToken = dashboardToken;
    }

    public IReadOnlyList<InstancePlan> Instances { get; }

    public TelemetryEndpoint Telemetry { get; }

    public int DashboardPort { get; }

    public string DashboardToken { get; }

    public string DashboardUrl => $"http://localhost:{DashboardPort}";

    public string DashboardLoginUrl => $"{DashboardUrl}/login?t={DashboardToken}";

    public IEnumerable<InstancePlan> InstancesOf(Resource resource) => Instances.Where(i => ReferenceEquals(i.Resource, resource));

    public InstancePlan Instance(string name) => Instances.Single(i => i.Name == name);

    public string? ExternalUrl => Instances.FirstOrDefault(i => i.Resource is ProjectResource { ExternalHttpEndpoints: true })?.Url;

    public static ExecutionPlan Create(DistributedApplication app)
    {
        var options = app.Builder.Options;
        int Port(int configured) => options.Ephemeral || configured == 0 ? FreeLoopbackPort() : configured;

        var telemetry = new TelemetryEndpoint($"http://localhost:{Port(options.OtlpHttpPort)}", DistributedApplicationBuilder.RandomToken(16));
        var dashboardPort = Port(options.DashboardPort);
        var token = options.DashboardToken is { Length: > 0 } t ? t : DistributedApplicationBuilder.RandomToken(16);
        var dotnet = DotnetHost.Path;

        var instances = new List<InstancePlan>();
        foreach (var resource in app.Resources)
        {
            for (var i = 0; i < resource.Replicas; i++)
            {
                var instanceId = InstanceIds.Create();
                var name = resource.Replicas > 1 ? $"{resource.Name}-{instanceId}" : resource.Name;
                switch (resource)
                {
                    case RedisResource redis:
                    {
                        var port = FreeLoopbackPort();
                        var dataDirectory = redis.DataDirectory ?? Path.Combine(app.Builder.DataDirectory, redis.Name);
                        instances.Add(new InstancePlan
                        {
                            Resource = redis, Index = i, Name = name, InstanceId = instanceId, Port = port,
                            FileName = "redis-server",
                            Arguments =
                            [
                                "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dataDirectory,
                                "--appendonly", "yes", "--requirepass", redis.Password, "--protected-mode", "yes",
                            ],
                            WorkingDirectory = dataDirectory,
                        });
                        break;
                    }
                    case ProjectResource project:
                    {
                        var port = i == 0 && project.ExternalHttpEndpoints ? Port(options.GatewayPort)
                            : i == 0 && project.FixedPort > 0 && !options.Ephemeral ? project.FixedPort
                            : FreeLoopbackPort();
                        instances.Add(new InstancePlan
                        {
                            Resource = project, Index = i, Name = name, InstanceId = instanceId, Port = port,
                            Url = $"http://localhost:{port}",
                            FileName = dotnet,
                            Arguments = [ProjectOutput.AssemblyPath(project, app.Builder.BuildConfiguration)],
                            WorkingDirectory = project.ProjectDirectory,
                        });
                        break;
                    }
                    default:
                        throw new NotSupportedException($"Resource type {resource.GetType().Name} cannot be run.");
                }
            }
        }

        var plan = new ExecutionPlan(instances, telemetry, dashboardPort, token);
        foreach (var instance in instances)
        {
            instance.Environment = EnvironmentContract.For(plan, instance);
        }
        return plan;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where services send OTLP/HTTP and the key they must present.</summary>
public sealed record TelemetryEndpoint(string Url, string ApiKey)
{
    public int Port => new Uri(Url).Port;
}

internal static class InstanceIds
{
    public static string Create() => string.Create(8, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
        }
    });
}
