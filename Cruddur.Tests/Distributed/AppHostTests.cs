using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cruddur.AppHost.Hosting;

namespace Cruddur.Tests.Distributed;

[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData("api")]
    public void Boot_EveryResource_IsHealthy(string resource)
    {
        Assert.Equal(ResourceState.Healthy, fixture.App.Notifications.Get(resource).State);
    }

    [Theory]
    [InlineData("api", "/health", HttpStatusCode.OK)]
    [InlineData("api", "/alive", HttpStatusCode.OK)]
    [InlineData("api", "/openapi/v1.json", HttpStatusCode.OK)]
    public async Task Endpoint_OfRunningResource_Answers(string resource, string path, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateHttpClient(resource);

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task HomeFeed_ThroughTheAppHost_HasTheSeededCruds_AndAPostedCrudComesFirst()
    {
        using var client = fixture.App.CreateHttpClient("api");
        var cancellation = TestContext.Current.CancellationToken;

        var before = await client.GetFromJsonAsync<JsonElement[]>("/api/activities/home", cancellation);
        using var posted = await client.PostAsJsonAsync("/api/activities",
            new { message = "Posted through the AppHost", ttl = "1-day" }, cancellation);
        var after = await client.GetFromJsonAsync<JsonElement[]>("/api/activities/home", cancellation);

        Assert.Contains(before!, crud => crud.GetProperty("message").GetString() == "Cloud is fun!");
        Assert.Contains(before!, crud => crud.GetProperty("message").GetString() == "I am out of prune juice");
        Assert.Contains(before!, crud => crud.GetProperty("message").GetString() == "My dear doctor, I am just simple tailor");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("Posted through the AppHost", after![0].GetProperty("message").GetString());
        Assert.Equal("andrewbrown", after[0].GetProperty("handle").GetString());
        Assert.Equal(before!.Length + 1, after.Length);
    }
}

/// <summary>Each test here boots its own application, because it stops it.</summary>
public sealed class AppHostLifecycleTests
{
    [Fact]
    public async Task Stop_LeavesNoChildProcessRunning()
    {
        var app = await DistributedApplicationTesting.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        await app.WaitForResourceReadyAsync("api", timeout.Token);
        var pid = app.GetProcessId("api")!.Value;
        Assert.False(Process.GetProcessById(pid).HasExited);

        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ResourceState.Exited, app.Notifications.Get("api").State);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task Start_FixedPortInUse_FailsNamingThePort()
    {
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var builder = new DistributedApplicationBuilder([], new Dictionary<string, string?>());
        builder.AddProject("api", "Cruddur.Api").WithHttpEndpoint(port);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"Port {port}", error.Message);
        Assert.Contains("Resources:api:Port", error.Message);
    }

    [Fact]
    public async Task KilledResource_ShowsExited_AndRestartBringsItBack()
    {
        await using var app = await DistributedApplicationTesting.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        await app.WaitForResourceReadyAsync("api", timeout.Token);

        Process.GetProcessById(app.GetProcessId("api")!.Value).Kill();
        var exited = await app.WaitForResourceAsync("api", ResourceState.Exited, timeout.Token);
        await app.RestartResourceAsync("api");
        await app.WaitForResourceReadyAsync("api", timeout.Token);
        using var client = app.CreateHttpClient("api");
        using var response = await client.GetAsync("/health", timeout.Token);

        Assert.NotEqual(0, exited.ExitCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
