using FunAsr.AppHost.Hosting;
using FunAsr.AppHost.Model;
using Microsoft.Extensions.Hosting;

namespace FunAsr.AppHost.Orchestration;

/// <summary>Runs every replica's supervisor for the lifetime of the AppHost and stops them all when it ends.</summary>
public sealed class Orchestrator : IHostedLifecycleService, IDisposable
{
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly HttpClient _http = new();
    private Task[] _running = [];

    public Orchestrator(ExecutionPlan plan, AppHostOptions options, TimeProvider time)
    {
        Plan = plan;
        _time = time;
        var probe = new HealthProbe(_http);
        Replicas = plan.Instances
            .Select(i => new ReplicaSupervisor(i, probe, WaitUntilReadyAsync, TimeSpan.FromSeconds(options.StopTimeoutSeconds),
                TimeSpan.FromSeconds(options.MaxRestartDelaySeconds), options.ConsoleLogLines, time))
            .ToList();
        foreach (var replica in Replicas)
        {
            replica.Changed += r => Changed?.Invoke(r);
        }
    }

    public ExecutionPlan Plan { get; }

    public IReadOnlyList<ReplicaSupervisor> Replicas { get; }

    public event Action<ReplicaSupervisor>? Changed;

    public bool AllReady => Replicas.All(r => r.IsReady);

    public IEnumerable<ReplicaSupervisor> ReplicasOf(string resourceOrReplicaName) =>
        Replicas.Where(r => r.Plan.Resource.Name == resourceOrReplicaName || r.Plan.Name == resourceOrReplicaName);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Replicas.Select(r => Task.Run(() => SuperviseAsync(r), CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    private async Task SuperviseAsync(ReplicaSupervisor replica)
    {
        try
        {
            await replica.RunAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The AppHost is stopping; the supervisor stopped its process on the way out.
        }
        catch (Exception ex)
        {
            // A supervisor bug must not take the other replicas down; say so loudly instead.
            Console.Error.WriteLine($"error: the supervisor of {replica.Plan.Name} failed: {ex}");
        }
    }

    /// <summary>Children stop before Kestrel does, so their last telemetry still reaches the receiver.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running).WaitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Aspire's WaitFor: every replica of <paramref name="resource"/> Running and Healthy.</summary>
    private async Task WaitUntilReadyAsync(Resource resource, CancellationToken cancellationToken)
    {
        var replicas = Replicas.Where(r => ReferenceEquals(r.Plan.Resource, resource)).ToList();
        while (!replicas.All(r => r.IsReady))
        {
            await Task.Delay(WaitPollInterval, _time, cancellationToken);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _http.Dispose();
    }
}
