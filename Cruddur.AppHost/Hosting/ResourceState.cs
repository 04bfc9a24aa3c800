namespace Cruddur.AppHost.Hosting;

/// <summary>The life of a resource, as the dashboard and the tests see it.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Healthy,
    Unhealthy,
    Stopping,
    Exited,
    FailedToStart,
}

/// <summary>One moment of a resource's life.</summary>
public sealed record ResourceSnapshot(
    string Name,
    ResourceState State,
    DateTimeOffset? StartedAt = null,
    int? ExitCode = null,
    int? ProcessId = null)
{
    public bool IsTerminal => State is ResourceState.Exited or ResourceState.FailedToStart;
}
