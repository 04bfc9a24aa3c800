using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cruddur.Tests.AppHost;

[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData("api")]
    [InlineData("gateway")]
    [InlineData("insights")]
    public async Task Start_Service_IsHealthy(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var state = await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);

        Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
    }

    [Theory]
    [InlineData("xray-daemon")]
    [InlineData("aspire-dashboard")]
    public async Task Start_Infrastructure_IsRunning(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await fixture.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, timeout.Token);

        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(resource, out var current));
        Assert.Equal(KnownResourceStates.Running, current.Snapshot.State?.Text);
    }

    [Theory]
    [InlineData("api", "/health", HttpStatusCode.OK)]
    [InlineData("api", "/alive", HttpStatusCode.OK)]
    [InlineData("api", "/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("gateway", "/health", HttpStatusCode.OK)]
    [InlineData("gateway", "/alive", HttpStatusCode.OK)]
    [InlineData("gateway", "/api/activities/home", HttpStatusCode.OK)]
    [InlineData("gateway", "/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("gateway", "/not-routed", HttpStatusCode.NotFound)]
    [InlineData("insights", "/health", HttpStatusCode.OK)]
    [InlineData("insights", "/api/routes", HttpStatusCode.Unauthorized)]
    public async Task Endpoint_OfRunningService_Answers(string resource, string path, HttpStatusCode expected)
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
        // Handles with '@' in them, as the original routed them.
        { "GET", "/api/activities/@a@b", null },
        { "GET", "/api/messages/@a@b", null },
        // HEAD wherever GET: the same status and headers, no body.
        { "HEAD", "/api/activities/home", null },
        { "HEAD", "/api/activities/@andrewbrown", null },
        { "HEAD", "/api/activities/@a@b", null },
        { "HEAD", "/api/activities/search", null },
        { "HEAD", "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee", null },
        { "HEAD", "/api/activities/not-a-uuid", null },
        { "HEAD", "/api/message_groups", null },
        { "HEAD", "/api/messages/@worf", null },
        { "HEAD", "/api/messages/@a@b", null },
        { "HEAD", "/rollbar/test", null },
    };

    /// <summary>What the original answered, as the issue that found the differences checks it through the gateway.</summary>
    public static TheoryData<string, string, string?, HttpStatusCode, string?> OriginalAnswers => new()
    {
        { "HEAD", "/api/activities/home", null, HttpStatusCode.OK, "" },
        { "GET", "/api/activities/@a@b", null, HttpStatusCode.OK, "[]" },
        { "GET", "/api/messages/@a@b", null, HttpStatusCode.OK, "[]" },
        { "POST", "/api/activities", "{\"message\":\"\",\"ttl\":\"\"}", HttpStatusCode.UnprocessableEntity, "[\"message_blank\"]" },
        { "POST", "/api/activities", "{\"message\":\"hi\",\"ttl\":\"\"}", HttpStatusCode.UnprocessableEntity, "[\"ttl_blank\"]" },
        { "POST", "/api/messages", "{\"message\":\"\"}", HttpStatusCode.UnprocessableEntity, "[\"message_blank\"]" },
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

    [Theory]
    [MemberData(nameof(OriginalAnswers))]
    public async Task Gateway_RequestTheOriginalAnswered_SameStatusAndBody(string method, string path, string? body,
        HttpStatusCode status, string? expected)
    {
        using var client = fixture.App.CreateHttpClient("gateway");
        var cancellation = TestContext.Current.CancellationToken;

        using var response = await client.SendAsync(Request(method, path, body), cancellation);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync(cancellation));
    }

    [Fact]
    public async Task Gateway_PathWithCrLfAndEscape_NoServiceConsoleLineHasThemRaw()
    {
        using var client = fixture.App.CreateHttpClient("gateway");
        var cancellation = TestContext.Current.CancellationToken;
        var marker = Guid.NewGuid().ToString("N");

        // CR LF and a forged access-log line, then ESC [31m (red on a terminal).
        using var response = await client.GetAsync($"/api/{marker}%0D%0A2026-11-30T00:00:00Z%20127.0.0.1%20GET%20http%20/forged%20200%1B[31mred",
            cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var escaped = $@"/api/{marker}\x0D\x0A2026-11-30T00:00:00Z 127.0.0.1 GET http /forged 200\x1B[31mred 404";
        foreach (var resource in new[] { "gateway", "api" })
        {
            var lines = await ConsoleLinesAsync(resource, TimeSpan.FromSeconds(10), cancellation,
                until: lines => lines.Any(line => line.Contains(marker, StringComparison.Ordinal)));
            Assert.Contains(lines, line => line.Contains(escaped, StringComparison.Ordinal));
        }

        foreach (var resource in new[] { "gateway", "api", "insights", "xray-daemon" })
        {
            var lines = await ConsoleLinesAsync(resource, TimeSpan.FromSeconds(2), cancellation);
            Assert.NotEmpty(lines);
            Assert.DoesNotContain(lines, line => line.Contains('\r') || line.Contains("\u001b[31mred", StringComparison.Ordinal));
        }
    }

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
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("Posted through the gateway", after![0].GetProperty("message").GetString());
        Assert.Equal("andrewbrown", after[0].GetProperty("handle").GetString());
    }

    /// <summary>
    /// The resource's console output (the backlog the Aspire dashboard's console logs show, then what follows),
    /// read for <paramref name="wait"/> or until <paramref name="until"/> holds.
    /// </summary>
    private async Task<IReadOnlyList<string>> ConsoleLinesAsync(string resource, TimeSpan wait, CancellationToken cancellationToken,
        Func<IReadOnlyList<string>, bool>? until = null)
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(candidate => candidate.Name == resource);
        var lines = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            await foreach (var batch in fixture.App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(model).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
                if (until?.Invoke(lines) == true)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // What arrived in the time given.
        }

        return lines;
    }

    private static HttpRequestMessage Request(string method, string path, string? body) =>
        new(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
}
