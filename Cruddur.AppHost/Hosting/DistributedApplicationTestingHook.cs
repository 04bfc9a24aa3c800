namespace Cruddur.AppHost.Hosting;

/// <summary>
/// Lets a test run the AppHost's own Program.cs (the real resource declarations) with settings
/// of its own, and get hold of the application it builds: the role of Aspire.Hosting.Testing.
/// </summary>
internal sealed class DistributedApplicationTestingHook(IDictionary<string, string?> settings)
{
    private static readonly AsyncLocal<DistributedApplicationTestingHook?> Scope = new();
    private readonly TaskCompletionSource<DistributedApplication> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static DistributedApplicationTestingHook? Current => Scope.Value;

    public IDictionary<string, string?> Settings { get; } = settings;

    public Task<DistributedApplication> Built => _built.Task;

    /// <summary>Makes this hook current for the calling flow (the task that runs the entry point).</summary>
    public void Enter() => Scope.Value = this;

    public void OnBuilt(DistributedApplication app) => _built.TrySetResult(app);

    public void OnFailed(Exception exception) => _built.TrySetException(exception);
}
