using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace FunAsr.Tests.Infrastructure;

/// <summary>
/// The real AppHost started in test mode (<c>--ephemeral</c>: free ports, temporary data folder, no build) as a child process.
/// Ready when every resource is Running and healthy; on dispose it stops the AppHost with SIGTERM and fails if any
/// process it started (redis-server and the watchdogs included) is still alive.
/// Share one per test collection: <c>[Collection(StackCollection.Name)]</c>.
/// </summary>
public class StackFixture : IAsyncLifetime
{
    private const string StatePrefix = "##apphost-state ";
    private const string ReadyPrefix = "##apphost-ready ";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TaskCompletionSource<StackReady> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, StackResource> _latest = new();
    private readonly ConcurrentDictionary<int, byte> _startedPids = new();
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _appHost;
    private StackReady? _facts;

    /// <summary>Extra AppHost arguments (configuration such as <c>--AppHost:AsrReplicas=1</c>).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public string GatewayUrl => Facts.GatewayUrl;
    public string DashboardUrl => Facts.DashboardUrl;
    public string DashboardToken => Facts.DashboardToken;
    public string DashboardLoginUrl => $"{DashboardUrl}/login?t={DashboardToken}";
    public string ApiKey => Facts.ApiKey;
    public string OtlpUrl => Facts.OtlpUrl;
    /// <summary>Seconds from the AppHost's start to every resource Running and healthy, as the AppHost measured it.</summary>
    public double StartupSeconds => Facts.StartupSeconds;
    public int AppHostPid => _appHost?.Id ?? throw new InvalidOperationException("The AppHost is not started.");

    /// <summary>Latest known facts of every replica (updated live from the AppHost's state lines).</summary>
    public IReadOnlyList<StackResource> Resources => _latest.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<StackResource> AsrReplicas => ReplicasOf("asr");

    public IReadOnlyList<StackResource> ReplicasOf(string resource) => Resources.Where(r => r.Resource == resource).ToList();

    /// <summary>Everything the AppHost printed so far (attach it to assertion messages).</summary>
    public string Output
    {
        get { lock (_outputGate) { return _output.ToString(); } }
    }

    private StackReady Facts => _facts ?? throw new InvalidOperationException("The stack is not ready.");

    /// <summary>A client for the gateway that sends the development API key.</summary>
    public HttpClient CreateGatewayClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(GatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>A client for the dashboard (UI and JSON API) already signed in with the token.</summary>
    public HttpClient CreateDashboardClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(DashboardUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardToken);
        return client;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the replicas' latest facts.</summary>
    public async Task<IReadOnlyList<StackResource>> WaitForAsync(Func<IReadOnlyList<StackResource>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = Resources;
            if (condition(snapshot))
            {
                return snapshot;
            }
            if (_appHost is { HasExited: true })
            {
                throw new InvalidOperationException($"The AppHost exited with code {_appHost.ExitCode}.\n{Output}");
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Condition not met within {timeout.TotalSeconds} s.\n{Output}");
    }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(DotnetHostPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppHostAssemblyPath());
        start.ArgumentList.Add("--ephemeral");
        start.ArgumentList.Add("--AppHost:StopWhenInputCloses=true");
        foreach (var argument in ExtraArguments)
        {
            start.ArgumentList.Add(argument);
        }
        _appHost = new Process { StartInfo = start };
        _appHost.OutputDataReceived += (_, e) => OnLine(e.Data);
        _appHost.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _appHost.Start();
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();

        var exited = _appHost.WaitForExitAsync();
        var finished = await Task.WhenAny(_ready.Task, exited, Task.Delay(ReadyTimeout));
        if (finished != _ready.Task)
        {
            var reason = finished == exited ? $"exited with code {_appHost.ExitCode}" : $"was not ready within {ReadyTimeout.TotalSeconds} s";
            await DisposeAsync();
            throw new InvalidOperationException($"The AppHost {reason}.\n{Output}");
        }
        _facts = await _ready.Task;
    }

    public async Task DisposeAsync()
    {
        if (_appHost is null)
        {
            return;
        }
        if (!_appHost.HasExited)
        {
            _ = SendSignal(_appHost.Id, SigTerm);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _appHost.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
            }
        }
        _appHost.Dispose();
        _appHost = null;
        await AssertNothingLeftAsync();
    }

    /// <summary>Kills the AppHost with SIGKILL, giving it no chance to clean up (for the watchdog test).</summary>
    public void KillAppHostHard()
    {
        _ = SendSignal(AppHostPid, SigKill);
        _appHost!.WaitForExit();
    }

    /// <summary>Fails if any process the AppHost started, or any member of their process groups, is still alive after a short grace.</summary>
    public async Task AssertNothingLeftAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<string> left;
        while ((left = Survivors()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        if (left.Count > 0)
        {
            foreach (var pid in _startedPids.Keys)
            {
                _ = SendSignal(-pid, SigKill);
            }
            throw new InvalidOperationException($"Processes outlived the AppHost: {string.Join("; ", left)}\n{Output}");
        }
    }

    /// <summary>PIDs of every replica process the AppHost reported starting (each leads its own process group).</summary>
    public IReadOnlyCollection<int> StartedPids => _startedPids.Keys.ToList();

    private IReadOnlyList<string> Survivors()
    {
        var groups = _startedPids.Keys.ToHashSet();
        var survivors = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the parenthesised command: state ppid pgrp …
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && (groups.Contains(pid) || groups.Contains(int.Parse(fields[2]))))
                {
                    survivors.Add($"{pid} {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim()}");
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return survivors;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_outputGate)
        {
            _output.AppendLine(line);
        }
        if (line.StartsWith(StatePrefix, StringComparison.Ordinal))
        {
            Track(JsonSerializer.Deserialize<StackResource>(line[StatePrefix.Length..], Json)!);
        }
        else if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            var ready = JsonSerializer.Deserialize<StackReady>(line[ReadyPrefix.Length..], Json)!;
            foreach (var resource in ready.Resources)
            {
                Track(resource);
            }
            _ready.TrySetResult(ready);
        }
    }

    private void Track(StackResource resource)
    {
        _latest[resource.Name] = resource;
        if (resource.Pid is { } pid)
        {
            _startedPids.TryAdd(pid, 0);
        }
    }

    public static string AppHostAssemblyPath()
    {
        var assembly = typeof(FunAsr.AppHost.Hosting.DistributedApplication).Assembly;
        string Metadata(string key) => assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        // The AppHost's own output folder, so it reads its own appsettings.json rather than the test folder's.
        var path = Path.Combine(Metadata("AppHostProjectDirectory"), "bin", Metadata("AppHostConfiguration"), Metadata("AppHostTargetFramework"), "FunAsr.AppHost.dll");
        return File.Exists(path) ? path : assembly.Location;
    }

    public static string DotnetHostPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private const int SigTerm = 15;
    private const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

/// <summary>One replica as the AppHost reports it.</summary>
public sealed record StackResource(string Name, string Resource, string Type, int Replica, string InstanceId, string State, string Health,
    int? Pid, string? Url, int Port, int Restarts, int? ExitCode, DateTimeOffset? StartedAt, string? Message)
{
    public bool IsReady => State == "Running" && Health == "Healthy";
}

public sealed record StackReady(string GatewayUrl, string DashboardUrl, string DashboardToken, string ApiKey, string OtlpUrl,
    double StartupSeconds, IReadOnlyList<StackResource> Resources);

/// <summary>Tests that share one started stack. Each AppHost start costs tens of seconds on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "Stack";
}
