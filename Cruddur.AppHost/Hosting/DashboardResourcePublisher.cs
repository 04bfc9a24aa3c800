using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// Feeds the dashboard's Resources page: once the dashboard is ready it PUTs every resource's
/// snapshot every second and on each state change, and runs the restarts the answer asks for.
/// A dashboard that is down is retried quietly; nothing here can stop or crash the AppHost.
/// </summary>
internal sealed class DashboardResourcePublisher(
    DistributedApplication app,
    LaunchSettings launch,
    Resource dashboard,
    ParameterResource key,
    IReadOnlyList<ParameterResource> parameters)
{
    public const string KeyHeader = "x-resource-service-key";
    private const int ConsoleLines = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public async Task RunAsync(CancellationToken stopping)
    {
        app.Notifications.Changed += _ => _changed.Writer.TryWrite(true);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await app.Notifications.WaitForAsync(dashboard.Name, ResourceRunner.IsReady(dashboard), stopping);
            while (!stopping.IsCancellationRequested)
            {
                await PublishOnceAsync(http, stopping);
                await Task.WhenAny(Task.Delay(Interval, stopping), _changed.Reader.ReadAsync(stopping).AsTask());
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The application is stopping.
        }
    }

    private async Task PublishOnceAsync(HttpClient http, CancellationToken stopping)
    {
        try
        {
            var url = new Uri(new Uri(dashboard.GetEndpoint().Url), "/api/resources");
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { resources = Snapshot() }, options: Json) };
            request.Headers.Add(KeyHeader, key.Value);
            using var response = await http.SendAsync(request, stopping);
            if (!response.IsSuccessStatusCode)
            {
                return; // Restarting or misconfigured dashboard: the next round tries again.
            }
            var commands = await response.Content.ReadFromJsonAsync<Commands>(Json, stopping);
            foreach (var name in commands?.Restart ?? [])
            {
                if (app.Resources.Any(resource => resource.Name == name))
                {
                    app.Console.Info($"Restarting {name} (asked by the dashboard).");
                    _ = RestartAsync(name);
                }
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException && !stopping.IsCancellationRequested)
        {
            // The dashboard is down or restarting: it gets the full list again next round.
        }
    }

    private async Task RestartAsync(string name)
    {
        try
        {
            await app.RestartResourceAsync(name);
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            app.Console.Info($"Restart of {name} failed: {error.Message}");
        }
    }

    private List<object> Snapshot() =>
        [.. app.Resources.Select(resource =>
        {
            var snapshot = app.Notifications.Get(resource.Name);
            return (object)new
            {
                name = resource.Name,
                type = resource.GetType().Name.Replace("Resource", "", StringComparison.Ordinal),
                state = snapshot.State.ToString(),
                startedAt = snapshot.StartedAt,
                exitCode = snapshot.ExitCode,
                processId = snapshot.ProcessId,
                urls = resource.Endpoints.Where(endpoint => endpoint.AllocatedPort is not null).Select(endpoint => endpoint.Url).ToArray(),
                health = snapshot.State switch
                {
                    ResourceState.Healthy => "Healthy",
                    ResourceState.Unhealthy => "Unhealthy",
                    _ => resource.HealthCheckPath is null ? null : "Unknown",
                },
                environment = launch.DisplayEnvironmentFor(resource),
                console = app.Console.RecentLines(resource.Name, ConsoleLines).Select(Mask).ToArray(),
            };
        })];

    // Children may print a secret they were given (the dashboard prints its login link); the page never shows one.
    private string Mask(string line)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Secret && parameter.Value is { Length: >= 4 } secret)
            {
                line = line.Replace(secret, "***", StringComparison.Ordinal);
            }
        }
        return line;
    }

    private sealed record Commands(string[]? Restart);
}
