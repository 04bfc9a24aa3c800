using System.Diagnostics;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// Runs one resource: waits for what it depends on, launches it, probes its health while it runs,
/// and records how it ended. Can stop and start it again (the dashboard's restart).
/// </summary>
internal sealed class ResourceRunner(
    Resource resource,
    LaunchSettings settings,
    ResourceNotifications notifications,
    ConsoleReporter console)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Lock _gate = new();
    private ResourceProcess? _process;
    private CancellationTokenSource? _monitor;
    // Set by a stop, cleared by a restart: a launch that races a stop must not leave a process behind.
    private bool _stopRequested;

    public Resource Resource => resource;

    public int? ProcessId => _process?.Id;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (resource.WaitsFor.Count > 0)
        {
            Publish(ResourceState.Waiting);
            foreach (var dependency in resource.WaitsFor)
            {
                await notifications.WaitForAsync(dependency.Name, IsReady(dependency), cancellationToken);
            }
        }

        Launch();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        lock (_gate)
        {
            _stopRequested = false;
        }

        Launch();
    }

    public async Task StopAsync()
    {
        ResourceProcess? process;
        lock (_gate)
        {
            _stopRequested = true;
            process = _process;
            _monitor?.Cancel();
        }

        if (process is null || process.HasExited)
        {
            return;
        }

        Publish(ResourceState.Stopping, process);
        await process.StopAsync(StopGrace);
        Publish(ResourceState.Exited, process, process.ExitCode);
    }

    internal static Func<ResourceSnapshot, bool> IsReady(Resource dependency) => snapshot =>
        dependency.HealthCheckPath is null
            ? snapshot.State is ResourceState.Running or ResourceState.Healthy
            : snapshot.State is ResourceState.Healthy;

    private void Launch()
    {
        lock (_gate)
        {
            if (_stopRequested)
            {
                return;
            }
        }

        Publish(ResourceState.Starting);
        ProcessStartInfo startInfo;
        try
        {
            startInfo = CreateStartInfo();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FileNotFoundException)
        {
            console.Info($"{resource.Name}: failed to start: {exception.Message}");
            Publish(ResourceState.FailedToStart);
            return;
        }

        ResourceProcess process;
        var monitor = new CancellationTokenSource();
        lock (_gate)
        {
            if (_stopRequested)
            {
                monitor.Dispose();
                return;
            }

            try
            {
                process = ResourceProcess.Start(resource.Name, startInfo, console);
            }
            catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                console.Info($"{resource.Name}: failed to start: {exception.Message}");
                Publish(ResourceState.FailedToStart);
                monitor.Dispose();
                return;
            }

            _process = process;
            _monitor = monitor;
        }

        Publish(ResourceState.Running, process);
        _ = MonitorAsync(process, monitor.Token);
    }

    private ProcessStartInfo CreateStartInfo()
    {
        ProcessStartInfo startInfo;
        switch (resource)
        {
            case ProjectResource project:
                if (!File.Exists(project.Project.AssemblyPath))
                {
                    throw new FileNotFoundException($"{project.Project.AssemblyPath} is missing: build the AppHost first.");
                }

                // The project directory, like `dotnet run`: appsettings and wwwroot are found there.
                startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = project.Project.ProjectDirectory };
                startInfo.ArgumentList.Add(project.Project.AssemblyPath);
                break;
            case ExecutableResource executable:
                startInfo = new ProcessStartInfo(executable.Command) { WorkingDirectory = executable.WorkingDirectory };
                break;
            default:
                throw new InvalidOperationException($"Resource '{resource.Name}' of type {resource.GetType().Name} cannot be launched.");
        }

        foreach (var argument in resource.Arguments.SelectMany(arguments => arguments()))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings.EnvironmentFor(resource))
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    private async Task MonitorAsync(ResourceProcess process, CancellationToken cancellationToken)
    {
        var health = resource.HealthCheckPath is { } path ? ProbeHealthAsync(process, path, cancellationToken) : Task.CompletedTask;
        await process.Exited;
        if (!cancellationToken.IsCancellationRequested)
        {
            var lastLines = console.RecentLines(resource.Name, 5);
            console.Info($"{resource.Name}: exited with code {process.ExitCode}" +
                (lastLines.Count > 0 ? $"; last output: {string.Join(" | ", lastLines)}" : ""));
            Publish(ResourceState.Exited, process, process.ExitCode);
        }

        await health;
    }

    private async Task ProbeHealthAsync(ResourceProcess process, string path, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{resource.GetEndpoint().AllocatedPort}{path}";
        ResourceState? last = null;
        while (!cancellationToken.IsCancellationRequested && !process.HasExited)
        {
            var state = await ProbeOnceAsync(url, cancellationToken);
            if (process.HasExited || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            // Until the first answer the process is just Running; after it, Healthy or Unhealthy.
            if (state is { } known && known != last)
            {
                Publish(known, process);
                last = known;
            }

            var interval = last == ResourceState.Healthy ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(200);
            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<ResourceState?> ProbeOnceAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? ResourceState.Healthy : ResourceState.Unhealthy;
        }
        catch (HttpRequestException)
        {
            return null; // Not listening yet.
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ResourceState.Unhealthy; // Listening but not answering within the probe timeout.
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Publish(ResourceState state, ResourceProcess? process = null, int? exitCode = null)
    {
        var previous = notifications.Get(resource.Name);
        var startedAt = state == ResourceState.Running ? DateTimeOffset.Now : previous.StartedAt;
        notifications.Publish(new ResourceSnapshot(resource.Name, state, startedAt, exitCode, process?.Id ?? previous.ProcessId));
    }
}
