using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;
using Cruddur.Insights.Analysis;
using Cruddur.Insights.Feed;
using Cruddur.Insights.Storage;
using Cruddur.Tests.AppHost;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>
/// Insights in process, fed by the real Aspire dashboard of the AppHost (booted once for the collection):
/// requests through the gateway reach Insights' store through the dashboard's span stream, whenever Insights
/// starts and however the stream breaks.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DashboardFeedTests(AppHostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Uri DashboardUrl => fixture.App.GetEndpoint("aspire-dashboard", "http");

    [Fact]
    public async Task RequestThroughGateway_SpansReachInsightsStore_RoutesCountIt()
    {
        await using var insights = await StartInsightsAsync(DashboardUrl);

        var traceId = await SendAsync("/api/activities/home");

        var spans = await WaitForTraceAsync(insights, traceId);
        var apiServer = Assert.Single(spans, span => span.Resource.ServiceName == "api" && span.Kind == "Server");
        Assert.Contains(apiServer.Attributes, attribute => attribute is { Key: "http.route", Value: "/api/activities/home" });
        Assert.Contains(apiServer.Attributes, attribute => attribute is { Key: "http.response.status_code", Value: "200" });
        Assert.Contains(spans, span => span.Resource.ServiceName == "gateway" && span.Kind == "Client");
        var routes = await insights.WaitForAsync<RouteTable>("/api/routes",
            table => table.Routes.Any(route => route is { Service: "api", Route: "/api/activities/home" }));
        Assert.Equal(0, routes.Routes.First(route => route is { Service: "api", Route: "/api/activities/home" }).Errors);
        var feed = await insights.WaitForAsync<FeedStatus>("/api/feed", status => status.Connected);
        Assert.Equal(0, feed.LinesSkipped);
        Assert.True(feed.SpansReceived >= spans.Length);
    }

    [Fact]
    public async Task InsightsStartedAfterTheTraffic_CatchesUpFromTheDashboard()
    {
        var traceId = await SendAsync("/api/activities/notifications");
        var held = await DashboardSpanIdsAsync(traceId, atLeast: 4);

        await using var insights = await StartInsightsAsync(DashboardUrl);

        var spans = await WaitForTraceAsync(insights, traceId, held.Count);
        Assert.Equal(held.Order(), spans.Select(span => span.SpanId).Order());
    }

    [Fact]
    public async Task StreamCut_FeedReconnects_EverySpanOnceBeforeAndAfter()
    {
        await using var relay = new TcpRelay(DashboardUrl);
        relay.StartListening();
        await using var insights = await StartInsightsAsync(relay.Address);
        var before = await SendAsync("/api/activities/home");
        await WaitForTraceAsync(insights, before, (await DashboardSpanIdsAsync(before, atLeast: 4)).Count);

        relay.Cut();
        var after = await SendAsync("/api/activities/home");

        var status = await insights.WaitForAsync<FeedStatus>("/api/feed", status => status.Reconnects >= 1 && status.Connected);
        foreach (var traceId in new[] { before, after })
        {
            var held = await DashboardSpanIdsAsync(traceId, atLeast: 4);
            var spans = await WaitForTraceAsync(insights, traceId, held.Count);
            Assert.Equal(held.Order(), spans.Select(span => span.SpanId).Order());
        }
        Assert.Contains("stream", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardUnreachableAtStart_FeedRetriesThenCatchesUp()
    {
        await using var relay = new TcpRelay(DashboardUrl);
        await using var insights = await StartInsightsAsync(relay.Address);
        var traceId = await SendAsync("/api/activities/home");
        var down = await insights.WaitForAsync<FeedStatus>("/api/feed", status => status.Reconnects >= 2);
        Assert.False(down.Connected);
        Assert.NotNull(down.LastError);

        relay.StartListening();

        var held = await DashboardSpanIdsAsync(traceId, atLeast: 4);
        var spans = await WaitForTraceAsync(insights, traceId, held.Count);
        Assert.Equal(held.Order(), spans.Select(span => span.SpanId).Order());
        Assert.True((await insights.WaitForAsync<FeedStatus>("/api/feed", status => status.Connected)).Connected);
    }

    private static Task<InsightsServer> StartInsightsAsync(Uri dashboard) => InsightsServer.StartAsync(new Dictionary<string, string?>
    {
        [FeedOptions.UrlSetting] = dashboard.ToString(),
        [FeedOptions.ApiKeySetting] = CruddurAppHost.DashboardApiKey,
    });

    /// <summary>One request through the gateway, in a trace of its own; returns the trace id.</summary>
    private async Task<string> SendAsync(string path)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var gateway = fixture.App.CreateHttpClient("gateway");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await gateway.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return traceId;
    }

    /// <summary>The span ids the dashboard holds for the trace, once it holds at least that many.</summary>
    private async Task<List<string>> DashboardSpanIdsAsync(string traceId, int atLeast)
    {
        using var client = fixture.App.CreateDashboardClient();
        var dashboard = new DashboardTelemetry(client);
        var spans = await DashboardTelemetry.WaitForAsync(token => dashboard.TraceAsync(traceId, token),
            found => found.Count >= atLeast, $"{atLeast} spans of trace {traceId}", Cancellation);
        return [.. spans.Select(span => span.SpanId)];
    }

    /// <summary>The trace's spans in Insights' store once it holds at least that many; never more spans than distinct ids.</summary>
    private static async Task<SpanRecord[]> WaitForTraceAsync(InsightsServer insights, string traceId, int atLeast = 4)
    {
        var store = insights.Service<TraceStore>();
        var deadline = DateTime.UtcNow + DashboardTelemetry.ExportWait;
        while (store.Find(traceId) is not { } trace || trace.Spans.Length < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Insights' store did not get {atLeast} spans of trace {traceId} in time.");
            await Task.Delay(50, Cancellation);
        }
        var spans = store.Find(traceId)!.Spans;
        Assert.Equal(spans.Length, spans.Select(span => span.SpanId).Distinct().Count());
        return spans;
    }
}
