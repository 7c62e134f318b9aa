using System.ComponentModel;
using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Orchestration;

/// <summary>
/// Keeps one replica running: waits for its dependencies, starts the process, probes its health,
/// restarts it with back-off when it dies, and obeys stop/start/restart commands.
/// </summary>
public sealed class ReplicaSupervisor
{
    private static readonly TimeSpan HealthyProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnhealthyProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StableRunTime = TimeSpan.FromSeconds(30);

    private readonly HealthProbe _probe;
    private readonly Func<Resource, CancellationToken, Task> _waitForResource;
    private readonly TimeSpan _stopTimeout;
    private readonly TimeSpan _maxRestartDelay;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private TaskCompletionSource _commanded = NewSignal();
    private bool _desiredRunning = true;
    private ChildProcess? _child;

    internal ReplicaSupervisor(InstancePlan plan, HealthProbe probe, Func<Resource, CancellationToken, Task> waitForResource,
        TimeSpan stopTimeout, TimeSpan maxRestartDelay, int consoleLines, TimeProvider time)
    {
        Plan = plan;
        _probe = probe;
        _waitForResource = waitForResource;
        _stopTimeout = stopTimeout;
        _maxRestartDelay = maxRestartDelay;
        _time = time;
        Log = new ConsoleLog(consoleLines);
    }

    public InstancePlan Plan { get; }
    public ConsoleLog Log { get; }
    public ResourceState State { get; private set; } = ResourceState.NotStarted;
    public HealthStatus Health { get; private set; } = HealthStatus.Unknown;
    public int? Pid { get; private set; }
    public int Restarts { get; private set; }
    public int? ExitCode { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    /// <summary>Why the replica is not running (missing runtime, exit code), for the console and the dashboard.</summary>
    public string? Message { get; private set; }

    /// <summary>The last exit was not asked for (a crash rather than a stop or restart command).</summary>
    public bool ExitedUnexpectedly { get; private set; }

    public bool IsReady => State == ResourceState.Running && Health == HealthStatus.Healthy;

    /// <summary>Raised on every state or health change (on the supervisor's own task).</summary>
    public event Action<ReplicaSupervisor>? Changed;

    public void Start() => Command(running: true);

    public void Stop() => Command(running: false);

    /// <summary>Stops the running process and starts it again.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _desiredRunning = true;
            _commanded.TrySetResult();
        }
    }

    private void Command(bool running)
    {
        lock (_gate)
        {
            if (_desiredRunning == running)
            {
                return;
            }
            _desiredRunning = running;
            _commanded.TrySetResult();
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var consecutiveFailures = 0;
        while (!stopping.IsCancellationRequested)
        {
            Task commanded;
            bool desiredRunning;
            lock (_gate)
            {
                if (_commanded.Task.IsCompleted)
                {
                    _commanded = NewSignal();
                }
                commanded = _commanded.Task;
                desiredRunning = _desiredRunning;
            }
            if (!desiredRunning)
            {
                await WhenAnyAsync(commanded, commanded, stopping);
                continue;
            }

            Set(ResourceState.Waiting, HealthStatus.Unknown);
            foreach (var dependency in Plan.Resource.WaitsFor)
            {
                await WhenAnyAsync(_waitForResource(dependency, stopping), commanded, stopping);
            }
            if (stopping.IsCancellationRequested || commanded.IsCompleted)
            {
                continue;
            }

            if (ExecutableSearch.Find(Plan.FileName) is null)
            {
                Message = Plan.Resource is RedisResource
                    ? "redis-server is not installed: sudo apt-get install redis-server"
                    : $"{Plan.FileName} was not found on PATH";
                Set(ResourceState.RuntimeUnhealthy, HealthStatus.Unknown);
                await WhenAnyAsync(commanded, commanded, stopping);
                continue;
            }

            Set(ResourceState.Starting, HealthStatus.Unknown);
            ChildProcess child;
            try
            {
                Directory.CreateDirectory(Plan.WorkingDirectory);
                child = ChildProcess.Start(Plan.FileName, Plan.Arguments, Plan.Environment, Plan.WorkingDirectory,
                    (line, isError) => Log.Append(line, isError, _time.GetUtcNow()));
            }
            catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException)
            {
                Message = $"could not start: {ex.Message}";
                Set(ResourceState.FailedToStart, HealthStatus.Unknown);
                await WhenAnyAsync(commanded, commanded, stopping);
                continue;
            }

            _child = child;
            Pid = child.Pid;
            StartedAt = _time.GetUtcNow();
            ExitCode = null;
            Message = null;
            Set(ResourceState.Running, HealthStatus.Unhealthy);
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var health = ProbeAsync(probing.Token);

            var finished = await Task.WhenAny(child.Exited, commanded, Task.Delay(Timeout.Infinite, stopping));
            var crashed = finished == child.Exited;
            if (!crashed)
            {
                Set(ResourceState.Stopping, Health);
            }
            var code = await child.StopAsync(_stopTimeout);
            await probing.CancelAsync();
            await health;
            child.Dispose();
            _child = null;
            ExitCode = code;
            Pid = null;
            Message = $"exited with code {code}";
            ExitedUnexpectedly = crashed;
            Set(code == 0 ? ResourceState.Finished : ResourceState.Exited, HealthStatus.Unknown);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            if (crashed)
            {
                var ranFor = _time.GetUtcNow() - StartedAt.Value;
                consecutiveFailures = ranFor >= StableRunTime ? 1 : consecutiveFailures + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(_maxRestartDelay.TotalSeconds, Math.Pow(2, consecutiveFailures - 1)));
                await WhenAnyAsync(Task.Delay(delay, _time, stopping), commanded, stopping);
            }
            lock (_gate)
            {
                if (_desiredRunning && !stopping.IsCancellationRequested)
                {
                    Restarts++;
                }
            }
        }
    }

    /// <summary>Kills the process without stopping the supervisor, as a crash would.</summary>
    public void KillProcess() => _child?.Kill();

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var healthy = await _probe.IsHealthyAsync(Plan, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            if (State == ResourceState.Running)
            {
                Set(ResourceState.Running, healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy);
            }
            try
            {
                await Task.Delay(healthy ? HealthyProbeInterval : UnhealthyProbeInterval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Set(ResourceState state, HealthStatus health)
    {
        if (State == state && Health == health)
        {
            return;
        }
        State = state;
        Health = health;
        Changed?.Invoke(this);
    }

    private static async Task WhenAnyAsync(Task task, Task commanded, CancellationToken stopping)
    {
        try
        {
            await Task.WhenAny(task, commanded, Task.Delay(Timeout.Infinite, stopping));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
