using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cruddur.AppHost.Hosting;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.Distributed;

[Collection(XRayAndSinksCollection.Name)]
public sealed class SinksEndToEndTests
{
    private const string HoneycombKey = "hcE2eKey0123456789abcd";
    private const string RollbarToken = "post_server_item_e2e_0123456789";
    private static readonly TimeSpan SinkWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FailingRequestThroughGateway_SameTraceIdInRollbarItemDashboardHoneycombAndCloudWatch()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
        await using var rollbar = await FakeRollbar.StartAsync(RollbarToken);
        var settings = Settings(HoneycombKey, RollbarToken, honeycomb, cloudWatch, rollbar);
        settings["Resources:api:Environment:Rollbar__EnableExceptionTest"] = "true";

        await using var app = await DistributedApplicationTesting.StartAsync(settings, cancellation);
        using (var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout))
        {
            foreach (var resource in app.Resources)
            {
                await app.WaitForResourceReadyAsync(resource.Name, timeout.Token);
            }
        }

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        // No propagator on this client: the test process's own listeners must not replace the header.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = app.GetEndpoint("gateway"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, RollbarEndpoints.ExceptionTestPath);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await caller.SendAsync(request, cancellation);

        // The caller gets a problem-details 500 without the exception's text.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(RollbarEndpoints.ExceptionTestMessage, await response.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);

        // From the Rollbar item to the trace id...
        var item = await rollbar.WaitForItemAsync(candidate =>
            candidate["custom"]?["trace_id"]?.GetValue<string>() == traceId, SinkWait);
        Assert.Equal("error", item["level"]?.GetValue<string>());
        Assert.Equal(typeof(RollbarTestException).FullName, item["body"]?["trace"]?["exception"]?["class"]?.GetValue<string>());
        Assert.Equal(RollbarEndpoints.ExceptionTestPath, item["context"]?.GetValue<string>());
        Assert.Equal($"1-{traceId[..8]}-{traceId[8..]}", item["custom"]?["xray_trace_id"]?.GetValue<string>());

        // ...and by that id to the trace on the dashboard, with the api's span marked as an error...
        using var dashboard = app.CreateHttpClient("dashboard");
        dashboard.DefaultRequestHeaders.Add("x-dashboard-api-key", app.GetParameter("dashboard-api-key").Value);
        JsonElement trace = default;
        await WaitAsync(async () =>
        {
            using var found = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}", cancellation);
            if (found.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            trace = await found.Content.ReadFromJsonAsync<JsonElement>(cancellation);
            return trace.GetProperty("spans").EnumerateArray().Select(span => span.GetProperty("service").GetString()).Distinct().Count() == 2;
        }, "the dashboard to hold the trace from both services");
        Assert.Contains(trace.GetProperty("spans").EnumerateArray(), span =>
            span.GetProperty("service").GetString() == "cruddur-api" && span.GetProperty("status").GetString() == "Error");

        // ...in Honeycomb, from both services...
        await honeycomb.WaitForAsync(() => honeycomb.Spans.Where(span => span.TraceId == traceId)
            .Select(span => span.ServiceName).Distinct().Count() == 2, SinkWait);

        // ...and to its log lines in CloudWatch.
        await cloudWatch.WaitForAsync(() => cloudWatch.Events("cruddur")
            .Any(logEvent => logEvent.Message.Contains($"\"trace_id\":\"{traceId}\"", StringComparison.Ordinal)), SinkWait);
        // Both services create the shared log group; the one that comes second is told it exists.
        Assert.All(cloudWatch.Errors, error => Assert.Equal("ResourceAlreadyExistsException", error));
    }

    /// <summary>The AppHost's settings that point Honeycomb, CloudWatch Logs and Rollbar (log records too) at the fakes.</summary>
    internal static Dictionary<string, string?> Settings(string honeycombKey, string rollbarToken,
        FakeHoneycomb honeycomb, FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar)
    {
        var settings = new Dictionary<string, string?>
        {
            [XRayDaemonResourceExtensions.ModeSetting] = "project",
            ["Parameters:honeycomb-api-key"] = honeycombKey,
            ["Parameters:rollbar-access-token"] = rollbarToken,
            ["Resources:api:Environment:Rollbar__Endpoint"] = rollbar.Endpoint,
        };
        foreach (var service in new[] { "api", "gateway" })
        {
            settings[$"Resources:{service}:Environment:HONEYCOMB_ENDPOINT"] = honeycomb.Endpoint;
            settings[$"Resources:{service}:Environment:CloudWatch__Enabled"] = "true";
            settings[$"Resources:{service}:Environment:CloudWatch__ServiceUrl"] = cloudWatch.Endpoint;
            settings[$"Resources:{service}:Environment:CloudWatch__BatchPushInterval"] = "00:00:00.500";
            settings[$"Resources:{service}:Environment:AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
            settings[$"Resources:{service}:Environment:AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
            settings[$"Resources:{service}:Environment:AWS_REGION"] = "us-east-1";
        }
        return settings;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + SinkWait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
