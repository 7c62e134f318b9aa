using System.Diagnostics;
using System.Text.Json;
using FunAsr.AppHost.Hosting;

namespace FunAsr.AppHost.Orchestration;

/// <summary>
/// Prints each state and health change, the last output lines of a replica that died, and one line once everything is healthy.
/// In test mode it also prints the same facts as <c>##apphost-state</c>/<c>##apphost-ready</c> JSON lines for the test fixture.
/// </summary>
internal sealed class ConsoleReporter
{
    public const string StatePrefix = "##apphost-state ";
    public const string ReadyPrefix = "##apphost-ready ";
    private const int CrashLines = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Orchestrator _orchestrator;
    private readonly AppHostOptions _options;
    private readonly string _apiKey;
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private bool _announcedReady;

    public ConsoleReporter(Orchestrator orchestrator, AppHostOptions options, string apiKey)
    {
        _orchestrator = orchestrator;
        _options = options;
        _apiKey = apiKey;
        orchestrator.Changed += OnChanged;
    }

    public void PrintBanner()
    {
        var plan = _orchestrator.Plan;
        Console.WriteLine($"FunAsr AppHost  gateway {plan.ExternalUrl}  dashboard {plan.DashboardLoginUrl}  dev API key {_apiKey}");
    }

    private void OnChanged(ReplicaSupervisor replica)
    {
        lock (_gate)
        {
            var facts = replica.Pid is { } pid ? $"pid {pid}" : replica.Message ?? "";
            var endpoint = replica.Plan.Url ?? $"127.0.0.1:{replica.Plan.Port}";
            var health = replica.State == ResourceState.Running ? replica.Health.ToString() : "";
            Console.WriteLine($"{DateTime.Now:HH:mm:ss} {replica.Plan.Name,-16} {replica.State,-16} {health,-9} {endpoint,-24} {facts}");
            if (replica.State is ResourceState.Exited or ResourceState.Finished && replica.ExitedUnexpectedly)
            {
                foreach (var line in replica.Log.Snapshot(CrashLines))
                {
                    Console.WriteLine($"    {replica.Plan.Name}| {line.Text}");
                }
            }
            if (_options.Ephemeral)
            {
                Console.WriteLine(StatePrefix + JsonSerializer.Serialize(ReplicaFacts.From(replica), Json));
            }
            if (!_announcedReady && _orchestrator.AllReady)
            {
                _announcedReady = true;
                AnnounceReady();
            }
        }
    }

    private void AnnounceReady()
    {
        var plan = _orchestrator.Plan;
        var seconds = _sinceStart.Elapsed.TotalSeconds;
        Console.WriteLine($"All {_orchestrator.Replicas.Count} resources Running and healthy in {seconds:0.0} s. " +
                          $"Gateway {plan.ExternalUrl}  Dashboard {plan.DashboardLoginUrl}");
        if (_options.Ephemeral)
        {
            var ready = new ReadyFacts(plan.ExternalUrl ?? "", plan.DashboardUrl, plan.DashboardToken, _apiKey, plan.Telemetry.Url,
                Math.Round(seconds, 2), _orchestrator.Replicas.Select(ReplicaFacts.From).ToList());
            Console.WriteLine(ReadyPrefix + JsonSerializer.Serialize(ready, Json));
        }
    }
}

/// <summary>What the console, the test fixture and the dashboard API say about one replica.</summary>
public sealed record ReplicaFacts(string Name, string Resource, string Type, int Replica, string InstanceId, string State, string Health,
    int? Pid, string? Url, int Port, int Restarts, int? ExitCode, DateTimeOffset? StartedAt, string? Message)
{
    public static ReplicaFacts From(ReplicaSupervisor r) => new(
        r.Plan.Name, r.Plan.Resource.Name, r.Plan.Resource.TypeName, r.Plan.Index, r.Plan.InstanceId, r.State.ToString(),
        r.Health.ToString(), r.Pid, r.Plan.Url, r.Plan.Port, r.Restarts, r.ExitCode, r.StartedAt, r.Message);
}

public sealed record ReadyFacts(string GatewayUrl, string DashboardUrl, string DashboardToken, string ApiKey, string OtlpUrl,
    double StartupSeconds, IReadOnlyList<ReplicaFacts> Resources);
