using Microsoft.Extensions.Configuration;
using System.Runtime.InteropServices;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// The running distributed application: starts every resource in dependency order, reports their
/// states, and stops them all (Ctrl+C, SIGTERM, or <see cref="StopAsync"/>) leaving no process behind.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly List<ResourceRunner> _runners;
    private readonly LaunchSettings _launch;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private int _started;
    private int _stopRequested;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        var testing = DistributedApplicationTestingHook.Current is not null;
        Console = new ConsoleReporter(System.Console.Out, echo: !testing || builder.Configuration.GetValue("AppHost:EchoOutput", false));
        _launch = new LaunchSettings(builder.EnvironmentName, builder.Configuration);
        _runners = [.. builder.Resources.Select(resource => new ResourceRunner(resource, _launch, Notifications, Console))];
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) =>
        new(args, DistributedApplicationTestingHook.Current?.Settings);

    public ResourceNotifications Notifications { get; } = new();

    public ConsoleReporter Console { get; }

    public IReadOnlyList<Resource> Resources => _builder.Resources;

    public ParameterResource GetParameter(string name) => _builder.GetParameter(name);

    public Resource GetResource(string name) =>
        Resources.FirstOrDefault(resource => resource.Name == name)
        ?? throw new InvalidOperationException($"No resource named '{name}'.");

    public Uri GetEndpoint(string resource, string endpoint = EndpointAnnotation.DefaultName) =>
        new(GetResource(resource).GetEndpoint(endpoint).Url);

    public HttpClient CreateHttpClient(string resource, string endpoint = EndpointAnnotation.DefaultName) =>
        new() { BaseAddress = GetEndpoint(resource, endpoint) };

    public int? GetProcessId(string resource) => Runner(resource).ProcessId;

    /// <summary>Allocates ports and launches every resource; returns once all are launched or waiting.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The application has already been started.");
        }

        AllocateEndpoints();
        foreach (var runner in _runners)
        {
            _ = StartResourceAsync(runner);
        }

        if (_builder.ResourcePublisher is { } publisher)
        {
            _ = new DashboardResourcePublisher(this, _launch, publisher.Dashboard, publisher.Key, _builder.Parameters).RunAsync(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, ResourceState state, CancellationToken cancellationToken = default) =>
        Notifications.WaitForStateAsync(name, state, cancellationToken);

    public Task<ResourceSnapshot> WaitForResourceReadyAsync(string name, CancellationToken cancellationToken = default) =>
        Notifications.WaitForAsync(name, ResourceRunner.IsReady(GetResource(name)), cancellationToken);

    public Task RestartResourceAsync(string name) => Runner(name).RestartAsync();

    public Task StopResourceAsync(string name) => Runner(name).StopAsync();

    /// <summary>Stops every resource, dependents first, each with a grace period before a kill.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _stopped.Task.WaitAsync(cancellationToken);
            return;
        }

        await _stopping.CancelAsync();
        foreach (var runner in Enumerable.Reverse(_runners))
        {
            if (_builder.SpendSummary is { } spend && runner.Resource == spend.Dashboard)
            {
                // The services have stopped and flushed their counters: the dashboard holds the whole run.
                Console.Info(await spend.ReadAsync());
            }

            await runner.StopAsync();
        }

        _stopped.TrySetResult();
    }

    /// <summary>Starts, prints the summary, and runs until Ctrl+C or SIGTERM; then stops everything.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        // Under test the test process owns its signals; the test stops the application itself.
        var ownsSignals = DistributedApplicationTestingHook.Current is null;
        using var terminate = ownsSignals
            ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                _ = StopAsync();
            })
            : null;
        ConsoleCancelEventHandler interrupt = (_, args) =>
        {
            args.Cancel = true;
            _ = StopAsync();
        };
        if (ownsSignals)
        {
            System.Console.CancelKeyPress += interrupt;
        }

        try
        {
            await StartAsync(cancellationToken);
            _ = PrintSummaryWhenReadyAsync();
            using var registration = cancellationToken.Register(() => _ = StopAsync());
            await _stopped.Task;
            Console.Info("All resources stopped.");
        }
        finally
        {
            System.Console.CancelKeyPress -= interrupt;
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private ResourceRunner Runner(string name) =>
        _runners.FirstOrDefault(runner => runner.Resource.Name == name)
        ?? throw new InvalidOperationException($"No resource named '{name}'.");

    private void AllocateEndpoints()
    {
        var randomize = _builder.RandomizePorts;
        foreach (var endpoint in Resources.SelectMany(resource => resource.Endpoints.Select(endpoint => (resource, endpoint))))
        {
            if (endpoint.endpoint.Port is { } fixedPort && !randomize)
            {
                if (!PortAllocator.IsFree(fixedPort))
                {
                    throw new InvalidOperationException(
                        $"Port {fixedPort} for '{endpoint.resource.Name}' is already in use: is another Cruddur AppHost running? " +
                        $"Stop it, or choose another port with the setting Resources:{endpoint.resource.Name}:Port.");
                }

                endpoint.endpoint.AllocatedPort = fixedPort;
            }
            else
            {
                endpoint.endpoint.AllocatedPort = PortAllocator.FreePort();
            }
        }
    }

    private async Task StartResourceAsync(ResourceRunner runner)
    {
        try
        {
            await runner.StartAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped while it was waiting for a dependency.
        }
    }

    private async Task PrintSummaryWhenReadyAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await Task.WhenAll(Resources.Select(resource =>
                Notifications.WaitForAsync(resource.Name, snapshot => ResourceRunner.IsReady(resource)(snapshot) || snapshot.IsTerminal, timeout.Token)));
        }
        catch (OperationCanceledException)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
        }

        Console.Info("");
        Console.Info($"Cruddur AppHost {DistributedApplicationBuilder.Version} ({_builder.EnvironmentName})");
        Console.Info($"{"resource",-14} {"state",-14} url");
        foreach (var resource in Resources)
        {
            var snapshot = Notifications.Get(resource.Name);
            var urls = resource.DisplayUrls.Count > 0
                ? string.Join(' ', resource.DisplayUrls.Select(url => url()))
                : string.Join(' ', resource.Endpoints.Where(endpoint => endpoint.EnvironmentVariable is null).Select(endpoint => endpoint.Url));
            Console.Info($"{resource.Name,-14} {snapshot.State,-14} {urls}");
        }

        Console.Info("Press Ctrl+C to stop.");
        Console.Info("");
    }
}
