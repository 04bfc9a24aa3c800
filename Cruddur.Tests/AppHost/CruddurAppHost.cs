using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Cruddur.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.AppHost;

/// <summary>
/// Cruddur's AppHost under Aspire.Hosting.Testing: the Aspire dashboard on (on ports of its own, with a
/// known telemetry API key), the project X-Ray daemon on a free port, every process real.
/// </summary>
internal static class CruddurAppHost
{
    public const string DashboardApiKey = "cruddur-tests-dashboard-api-key";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(params string[] settings)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cruddur_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            [
                "--environment=Development",
                $"AppHost:DashboardApiKey={DashboardApiKey}",
                "XRayDaemon:Mode=project",
                $"XRayDaemon:Port={FreeUdpAndTcpPort()}",
                .. settings,
            ],
            timeout.Token);
        // The gateway's and Insights' ports are fixed (4567, 18891) and not proxied: each test application gets its own.
        builder.Project("gateway").WithEndpoint("http", endpoint => endpoint.Port = FreeTcpPort());
        builder.Project("insights").WithEndpoint("http", endpoint => endpoint.Port = FreeTcpPort());
        return builder;
    }

    /// <summary>Builds and starts the application, then waits until the gateway (which waits for the api) is healthy.</summary>
    public static async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        return app;
    }

    public static IResourceBuilder<ProjectResource> Project(this IDistributedApplicationTestingBuilder builder, string name) =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == name));

    /// <summary>Points both services' Honeycomb, CloudWatch Logs and Rollbar sinks at the fakes, with fake AWS credentials.</summary>
    public static void WithSinksAt(this IDistributedApplicationTestingBuilder builder,
        FakeHoneycomb honeycomb, FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar)
    {
        foreach (var service in new[] { "api", "gateway" })
        {
            builder.Project(service)
                .WithEnvironment("HONEYCOMB_ENDPOINT", honeycomb.Endpoint)
                .WithEnvironment("Rollbar__Endpoint", rollbar.Endpoint)
                .WithEnvironment("CloudWatch__Enabled", "true")
                .WithEnvironment("CloudWatch__ServiceUrl", cloudWatch.Endpoint)
                .WithEnvironment("CloudWatch__BatchPushInterval", "00:00:00.500")
                .WithFakeAwsCredentials();
        }
    }

    /// <summary>The daemon forwards to the fake X-Ray API, signing with fake credentials.</summary>
    public static void WithXRayAt(this IDistributedApplicationTestingBuilder builder, FakeXRay xray) =>
        builder.Project("xray-daemon")
            .WithEnvironment("XRAY_ENDPOINT", xray.Address.ToString().TrimEnd('/'))
            .WithFakeAwsCredentials();

    /// <summary>A client of Insights' JSON API, with the key the AppHost generated for this run.</summary>
    public static async Task<HttpClient> CreateInsightsClientAsync(this DistributedApplication app)
    {
        var client = new HttpClient { BaseAddress = app.GetEndpoint("insights", "http") };
        client.DefaultRequestHeaders.Add("x-api-key", await app.ParameterValueAsync("insights-api-key"));
        return client;
    }

    public static async Task<string> ParameterValueAsync(this DistributedApplication app, string name) =>
        await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(parameter => parameter.Name == name).GetValueAsync(TestContext.Current.CancellationToken) ?? "";

    public static HttpClient CreateDashboardClient(this DistributedApplication app)
    {
        var dashboard = app.GetEndpoint("aspire-dashboard", "http");
        var client = new HttpClient { BaseAddress = dashboard };
        client.DefaultRequestHeaders.Add("x-api-key", DashboardApiKey);
        return client;
    }

    private static IResourceBuilder<ProjectResource> WithFakeAwsCredentials(this IResourceBuilder<ProjectResource> project) =>
        project
            .WithEnvironment("AWS_ACCESS_KEY_ID", FakeXRay.AccessKey)
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .WithEnvironment("AWS_REGION", FakeXRay.Region);

    internal static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port free for both UDP and TCP on 127.0.0.1 right now (the daemon listens on both).</summary>
    internal static int FreeUdpAndTcpPort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: try another.
            }
        }
    }
}
