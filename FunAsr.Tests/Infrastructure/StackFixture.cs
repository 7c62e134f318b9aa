using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunAsr.Tests.Infrastructure;

/// <summary>
/// The real AppHost (<c>FunAsr.AppHost/Program.cs</c>) started once through Aspire.Hosting.Testing, with Aspire's
/// dashboard, on ports DCP chooses at random (the testing builder's RandomizePorts), and a temporary data folder. Ready when
/// every resource is healthy; on dispose it stops the application and fails if a process it started is still alive.
/// Share it: <c>[Collection(StackCollection.Name)]</c> gives a test class the one started stack. A feature that needs
/// other AppHost settings derives from it and overrides <see cref="Settings"/> (and gets a collection of its own).
/// </summary>
public class StackFixture : IAsyncLifetime
{
    public static readonly string[] ResourceNames = ["cache", "asr", "qabot", "gateway"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly HashSet<int> _startedPids = [];
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly ConcurrentQueue<ResourceEvent> _history = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private DistributedApplication? _app;

    /// <summary>AppHost configuration for this stack (keys as in <c>AppHost:AsrReplicas</c>); extend it in a derived fixture.</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The stack is not started.");

    public ResourceNotificationService Notifications => App.ResourceNotifications;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("funasr-stack-").FullName;

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The gateway's development API key, as the AppHost generated it into the data folder.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>The dashboard's address (a port DCP chose), read from the dashboard resource once it runs.</summary>
    public Uri DashboardUrl { get; private set; } = null!;

    /// <summary>The login link Aspire prints, with its browser token.</summary>
    public Uri DashboardLoginUrl { get; private set; } = null!;

    /// <summary>Key of the dashboard's telemetry API (<c>/api/telemetry/…</c>, header <c>x-api-key</c>).</summary>
    public string DashboardApiKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Seconds from the start call to every resource healthy.</summary>
    public double StartupSeconds { get; private set; }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["AppHost:DataDirectory"] = DataDirectory,
            ["AppHost:DashboardApiKey"] = DashboardApiKey,
            // The stack tests speak to the known-answer test model; no first-run model fetch.
            ["AppHost:Model"] = "none",
            // Given here, generated secrets are not persisted into the developer's user secrets by every test run.
            ["Parameters:cache-password"] = Guid.NewGuid().ToString("N"),
            ["Parameters:internal-signing-key"] = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FunAsr_AppHost>(
            [.. settings.Select(s => $"--{s.Key}={s.Value}")],
            (options, _) => options.DisableDashboard = false);
        _app = await builder.BuildAsync();
        _ = WatchAsync(_app.ResourceNotifications, _stopWatching.Token);
        using var timeout = new CancellationTokenSource(StartTimeout);
        var started = DateTime.UtcNow;
        await _app.StartAsync(timeout.Token);
        await Task.WhenAll(ResourceNames.Select(name => Notifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        StartupSeconds = (DateTime.UtcNow - started).TotalSeconds;
        GatewayUrl = _app.GetEndpoint("gateway", "http");
        var dashboard = await Notifications.WaitForResourceAsync("aspire-dashboard", e => e.Snapshot.Urls.Any(u => u.Url.Contains("/login?t=", StringComparison.Ordinal)), timeout.Token);
        DashboardLoginUrl = new(dashboard.Snapshot.Urls.Select(u => u.Url).First(u => u.Contains("/login?t=", StringComparison.Ordinal)));
        DashboardUrl = new(DashboardLoginUrl.GetLeftPart(UriPartial.Authority));
        ApiKey = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "dev-api-key"))).Trim();
        foreach (var replica in Resources())
        {
            if (Pid(replica) is { } pid)
            {
                _startedPids.Add(pid);
            }
        }
    }

    public async Task DisposeAsync()
    {
        var watched = new HashSet<int>();
        if (_app is not null)
        {
            // DCP, the dashboard, redis-server and every replica (with the service process under each dotnet run).
            // The AppHost runs inside this test process: DCP monitors it.
            watched = [.. ProcessTree.StartedByDcpFor(Environment.ProcessId), .. ProcessTree.WithDescendants([.. _startedPids, .. Resources().Select(Pid).OfType<int>()])];
            await _stopWatching.CancelAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        try
        {
            await ProcessTree.AssertGoneAsync(watched, TimeSpan.FromSeconds(20));
        }
        finally
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>The current state of every replica of every resource (one entry per process), from Aspire's notifications.</summary>
    public IReadOnlyList<ResourceEvent> Resources() => [.. _latest.Values.OrderBy(r => r.ResourceId, StringComparer.Ordinal)];

    /// <summary>Every state a replica went through since the stack started, oldest first.</summary>
    public IReadOnlyList<ResourceEvent> History(string resourceId) => [.. _history.Where(e => e.ResourceId == resourceId)];

    public IReadOnlyList<ResourceEvent> ReplicasOf(string resource) => [.. Resources().Where(r => r.Resource.Name == resource)];

    /// <summary>The process id DCP reports for a replica (for a project, the <c>dotnet run</c> that hosts it).</summary>
    public static int? Pid(ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), out var pid) ? pid : null;

    /// <summary>A client for the gateway that sends the development API key.</summary>
    public HttpClient CreateGatewayClient()
    {
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>A client for the Aspire dashboard's telemetry API.</summary>
    public HttpClient CreateDashboardApiClient()
    {
        var client = new HttpClient { BaseAddress = DashboardUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", DashboardApiKey);
        return client;
    }

    /// <summary>Waits until a replica's latest state satisfies <paramref name="condition"/>; the failure lists what it went through.</summary>
    public async Task<ResourceEvent> WaitForAsync(string resourceId, Func<ResourceEvent, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_latest.TryGetValue(resourceId, out var latest) && condition(latest))
            {
                return latest;
            }
            await Task.Delay(100);
        }
        var states = History(resourceId).Select(e => $"{e.Snapshot.State?.Text}/{e.Snapshot.HealthStatus} pid {Pid(e)} exit {e.Snapshot.ExitCode}").Distinct();
        throw new TimeoutException($"{resourceId} did not reach the expected state within {timeout.TotalSeconds} s; it went through: {string.Join(" → ", states)}");
    }

    private async Task WatchAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(cancellationToken))
            {
                _latest[change.ResourceId] = change;
                _history.Enqueue(change);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

}

/// <summary>Tests that share one started stack: each AppHost start costs several seconds of a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "Stack";
}
