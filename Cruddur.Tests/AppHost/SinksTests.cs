using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.AppHost;

[Collection(AppHostCollection.Name)]
public sealed class SinksTests(AppHostFixture fixture)
{
    private static readonly TimeSpan SinkWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FailingRequestThroughGateway_SameTraceIdInRollbarHoneycombCloudWatchXRayAndTheDashboard()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var traceId = XRayTraceIds.NewTraceId(TimeProvider.System).ToHexString();
        var xrayId = $"1-{traceId[..8]}-{traceId[8..]}";
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = fixture.App.GetEndpoint("gateway"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, RollbarEndpoints.ExceptionTestPath);
        // Sampled for X-Ray as well, so the daemon forwards this trace whatever the sampling rule says.
        request.Headers.Add(XRayTraceHeader.HeaderName, $"Root={xrayId};Parent=53995c3f42cd8ad8;Sampled=1");

        using var response = await caller.SendAsync(request, cancellation);

        // The caller gets a problem-details 500 without the exception's text.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(RollbarEndpoints.ExceptionTestMessage, await response.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);

        // Rollbar: the item names the trace...
        var item = await fixture.Rollbar.WaitForItemAsync(candidate =>
            candidate["custom"]?["trace_id"]?.GetValue<string>() == traceId, SinkWait);
        Assert.Equal(typeof(RollbarTestException).FullName, item["body"]?["trace"]?["exception"]?["class"]?.GetValue<string>());
        Assert.Equal(xrayId, item["custom"]?["xray_trace_id"]?.GetValue<string>());

        // ...which the dashboard holds from both services, the api's server span an error...
        using var client = fixture.App.CreateDashboardClient();
        var dashboard = new DashboardTelemetry(client);
        var spans = await DashboardTelemetry.WaitForAsync(token => dashboard.TraceAsync(traceId, token),
            found => found.Select(span => span.Service).Distinct().Count() == 2, $"trace {traceId} from both services", cancellation);
        Assert.Contains(spans, span => span.Service == "api" && span.Kind == DashboardSpan.ServerKind && span.StatusCode == DashboardSpan.ErrorStatus);

        // ...Honeycomb from both services...
        await fixture.Honeycomb.WaitForAsync(() => fixture.Honeycomb.Spans.Where(span => span.TraceId == traceId)
            .Select(span => span.ServiceName).Distinct().Count() == 2, SinkWait);

        // ...CloudWatch Logs in the log lines...
        await fixture.CloudWatch.WaitForAsync(() => fixture.CloudWatch.Events("cruddur")
            .Any(logEvent => logEvent.Message.Contains($"\"trace_id\":\"{traceId}\"", StringComparison.Ordinal)), SinkWait);

        // ...and X-Ray, through the daemon, with the api's segment marked as a fault.
        await WaitAsync(() => Segments(xrayId).Any(segment => Name(segment) == "api"), "the api's X-Ray segment");
        var api = Assert.Single(Segments(xrayId), segment => Name(segment) == "api");
        Assert.True(api.GetProperty("fault").GetBoolean());
        Assert.Empty(fixture.XRay.Violations);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SinkWait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private IEnumerable<JsonElement> Segments(string xrayId) =>
        fixture.XRay.Documents
            .Select(document => JsonDocument.Parse(document).RootElement)
            .Where(document => document.GetProperty("trace_id").GetString() == xrayId && !document.TryGetProperty("type", out _));

    private static string? Name(JsonElement document) => document.GetProperty("name").GetString();
}
