namespace FunAsr.AppHost.Orchestration;

/// <summary>Lifecycle states as Aspire's <c>KnownResourceStates</c> names them.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    /// <summary>The runtime the resource needs (redis-server, dotnet) is not installed.</summary>
    RuntimeUnhealthy,
    Stopping,
    Exited,
    FailedToStart,
    Finished,
}

/// <summary>Health is separate from state and only computed while Running; not yet answered counts as Unhealthy.</summary>
public enum HealthStatus
{
    Unknown,
    Unhealthy,
    Healthy,
}
