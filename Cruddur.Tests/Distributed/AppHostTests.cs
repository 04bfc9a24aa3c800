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
    [InlineData("dashboard")]
    [InlineData("xray-daemon")]
    [InlineData("api")]
    [InlineData("gateway")]
    public void Boot_EveryResource_IsReady(string resource)
    {
        // The daemon has no HTTP health endpoint: running is ready.
        var expected = fixture.App.GetResource(resource).HealthCheckPath is null ? ResourceState.Running : ResourceState.Healthy;
        Assert.Equal(expected, fixture.App.Notifications.Get(resource).State);
    }

    [Theory]
    [InlineData("api", "/health", HttpStatusCode.OK)]
    [InlineData("api", "/alive", HttpStatusCode.OK)]
    [InlineData("api", "/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("gateway", "/health", HttpStatusCode.OK)]
    [InlineData("gateway", "/alive", HttpStatusCode.OK)]
    [InlineData("gateway", "/api/activities/home", HttpStatusCode.OK)]
    [InlineData("gateway", "/not-routed", HttpStatusCode.NotFound)]
    public async Task Endpoint_OfRunningResource_Answers(string resource, string path, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateHttpClient(resource);

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    public static TheoryData<string, string, string?> ApiCalls => new()
    {
        { "GET", "/api/activities/home", null },
        { "GET", "/api/activities/notifications", null },
        { "GET", "/api/activities/@andrewbrown", null },
        { "GET", "/api/activities/search?term=CLOUD", null },
        { "GET", "/api/activities/search", null },
        { "GET", "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee", null },
        { "GET", "/api/activities/00000000-0000-0000-0000-000000000000", null },
        { "GET", "/api/activities/not-a-uuid", null },
        { "GET", "/api/message_groups", null },
        { "GET", "/api/messages/@worf", null },
        { "POST", "/api/activities", "{\"message\":\"\",\"ttl\":\"\"}" },
        { "POST", "/api/activities", "{not json" },
        { "POST", "/api/messages", "{\"message\":\"hi\"}" },
        { "POST", "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply", "{\"message\":\"\"}" },
    };

    [Theory]
    [MemberData(nameof(ApiCalls))]
    public async Task Gateway_EveryApiPath_SameStatusAndBodyAsTheApi(string method, string path, string? body)
    {
        using var direct = fixture.App.CreateHttpClient("api");
        using var proxied = fixture.App.CreateHttpClient("gateway");
        var cancellation = TestContext.Current.CancellationToken;

        using var expected = await direct.SendAsync(Request(method, path, body), cancellation);
        using var actual = await proxied.SendAsync(Request(method, path, body), cancellation);

        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(expected.Content.Headers.ContentType?.MediaType, actual.Content.Headers.ContentType?.MediaType);
        if (expected.IsSuccessStatusCode || expected.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            // Problem details carry a per-request trace id; successes and error-code arrays must match exactly.
            Assert.Equal(await expected.Content.ReadAsStringAsync(cancellation), await actual.Content.ReadAsStringAsync(cancellation));
        }
    }

    private static HttpRequestMessage Request(string method, string path, string? body) =>
        new(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

    [Fact]
    public async Task HomeFeed_ThroughTheGateway_HasTheSeededCruds_AndAPostedCrudComesFirst()
    {
        using var client = fixture.App.CreateHttpClient("gateway");
        var cancellation = TestContext.Current.CancellationToken;

        var before = await client.GetFromJsonAsync<JsonElement[]>("/api/activities/home", cancellation);
        using var posted = await client.PostAsJsonAsync("/api/activities",
            new { message = "Posted through the gateway", ttl = "1-day" }, cancellation);
        var after = await client.GetFromJsonAsync<JsonElement[]>("/api/activities/home", cancellation);

        Assert.Contains(before!, crud => crud.GetProperty("message").GetString() == "Cloud is fun!");
        Assert.Contains(before!, crud => crud.GetProperty("message").GetString() == "I am out of prune juice");
        Assert.Contains(before!, crud => crud.GetProperty("message").GetString() == "My dear doctor, I am just simple tailor");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("Posted through the gateway", after![0].GetProperty("message").GetString());
        Assert.Equal("andrewbrown", after[0].GetProperty("handle").GetString());
        Assert.Equal(before!.Length + 1, after.Length);
    }
}

/// <summary>Each test here boots its own application, because it stops it.</summary>
public sealed class AppHostLifecycleTests
{
    [Fact]
    public async Task Stop_WhileDependentsAreStillStarting_LeavesNoChildProcessRunning()
    {
        var app = await DistributedApplicationTesting.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        // Stop as soon as the api is ready: the gateway, which waits for it, is launching right then.
        await app.WaitForResourceReadyAsync("api", timeout.Token);
        var apiPid = app.GetProcessId("api")!.Value;
        Assert.False(Process.GetProcessById(apiPid).HasExited);

        await app.StopAsync(TestContext.Current.CancellationToken);
        // Give a launch that raced the stop the time it would need to show up.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(ResourceState.Exited, app.Notifications.Get("api").State);
        foreach (var resource in app.Resources)
        {
            if (app.GetProcessId(resource.Name) is { } pid)
            {
                Assert.True(IsGone(pid), $"{resource.Name} (pid {pid}) is still running after stop");
            }
        }
    }

    private static bool IsGone(int pid)
    {
        try
        {
            return Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
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
    public async Task KilledApi_GatewayAnswers502Or503Fast_AndRestartBringsItBack()
    {
        await using var app = await DistributedApplicationTesting.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        await app.WaitForResourceReadyAsync("api", timeout.Token);

        await app.WaitForResourceReadyAsync("gateway", timeout.Token);
        using var gateway = app.CreateHttpClient("gateway");

        Process.GetProcessById(app.GetProcessId("api")!.Value).Kill();
        var exited = await app.WaitForResourceAsync("api", ResourceState.Exited, timeout.Token);
        var clock = Stopwatch.StartNew();
        using var firstWhileDown = await gateway.GetAsync("/api/activities/home", timeout.Token);
        var firstAnsweredIn = clock.Elapsed;
        clock.Restart();
        using var whileDown = await gateway.GetAsync("/api/activities/home", timeout.Token);
        var answeredIn = clock.Elapsed;
        await app.RestartResourceAsync("api");
        await app.WaitForResourceReadyAsync("api", timeout.Token);
        using var afterRestart = await gateway.GetAsync("/api/activities/home", timeout.Token);

        Assert.NotEqual(0, exited.ExitCode);
        Assert.Contains(whileDown.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
        Assert.Equal("application/problem+json", whileDown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(whileDown.StatusCode, firstWhileDown.StatusCode);
        // The first answer includes the cold error path; it must still not wait for any timeout.
        Assert.True(firstAnsweredIn < TimeSpan.FromSeconds(3), $"the gateway took {firstAnsweredIn} to answer for a dead api");
        Assert.True(answeredIn < TimeSpan.FromSeconds(1), $"the gateway took {answeredIn} to answer for a dead api");
        Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
    }
}
