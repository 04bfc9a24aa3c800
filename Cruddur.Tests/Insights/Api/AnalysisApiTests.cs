using System.Net;
using System.Net.Http.Json;
using Cruddur.Insights.Analysis;
using Cruddur.Insights.Otlp;
using Cruddur.Tests.Insights.Analysis;
using ProtoSpan = Cruddur.Insights.Otlp.Proto.Trace.Span;

namespace Cruddur.Tests.Insights.Api;

/// <summary>Routes, heatmap with attribute comparison, service map and trace comparison over a real Insights; every trace named links to the Aspire dashboard.</summary>
public sealed class AnalysisApiTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private InsightsServer Server => fixture.Server;

    [Fact]
    public async Task Routes_HundredRequests_RateErrorRateAndExactPercentiles()
    {
        var service = Unique("routes");
        var spans = Enumerable.Range(1, 100).Select(i => OtlpSamples.Span(OtlpSamples.NewTraceId(), OtlpSamples.NewSpanId(), null,
            "GET /api/users/{handle}", (i - 1) * 100, i, error: i % 10 == 0, ("http.route", "/api/users/{handle}"))).ToList();
        spans.Add(OtlpSamples.Span(OtlpSamples.NewTraceId(), OtlpSamples.NewSpanId(), null, "GET /health", 0, 1));
        Accept(OtlpSamples.Traces(service, [.. spans]));

        var table = await GetAsync<RouteTable>("/api/routes?window=all");

        var users = Assert.Single(table.Routes, r => r.Service == service && r.Route == "/api/users/{handle}");
        Assert.Equal(100, users.Count);
        Assert.Equal(10, users.Errors);
        Assert.Equal(0.1, users.ErrorRate, 6);
        Assert.Equal((50d, 90d, 99d), (Math.Round(users.P50Ms, 3), Math.Round(users.P90Ms, 3), Math.Round(users.P99Ms, 3)));
        Assert.Single(table.Routes, r => r.Service == service && r.Route == "GET /health" && r.Count == 1);
        // The slowest request is the 100th (100 ms); the latest failure too (every 10th fails).
        Assert.Equal(100d, Math.Round(users.SlowestTrace.DurationMs, 3));
        var slowestId = Convert.ToHexStringLower(spans[99].TraceId.Span);
        Assert.Equal((slowestId, InsightsServer.DashboardTrace(slowestId)), (users.SlowestTrace.TraceId, users.SlowestTrace.DashboardUrl));
        Assert.Equal(slowestId, users.LatestErrorTrace?.TraceId);
        Assert.Null(Assert.Single(table.Routes, r => r.Service == service && r.Route == "GET /health").LatestErrorTrace);
    }

    [Fact]
    public async Task Routes_OneMinuteWindow_LeavesOutOlderRequestsAndDividesByTheWindow()
    {
        var service = Unique("window");
        var nowNanos = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        ProtoSpan At(ulong startNanos)
        {
            var span = OtlpSamples.Span(OtlpSamples.NewTraceId(), OtlpSamples.NewSpanId(), null, "GET /api/x", 0, 5, false, ("http.route", "/api/x"));
            (span.StartTimeUnixNano, span.EndTimeUnixNano) = (startNanos, startNanos + 5_000_000);
            return span;
        }
        Accept(OtlpSamples.Traces(service, At(nowNanos - 1_000_000_000), At(nowNanos - 2_000_000_000), At(nowNanos - 600_000_000_000)));

        var minute = await GetAsync<RouteTable>("/api/routes?window=1m");
        var hour = await GetAsync<RouteTable>("/api/routes?window=1h");

        Assert.Equal(2, Assert.Single(minute.Routes, r => r.Service == service).Count);
        Assert.Equal(2 / 60d, Assert.Single(minute.Routes, r => r.Service == service).RequestsPerSecond, 6);
        Assert.Equal(3, Assert.Single(hour.Routes, r => r.Service == service).Count);
    }

    [Theory]
    [InlineData("/api/routes?window=2m", "window")]
    [InlineData("/api/service-map?window=forever", "window")]
    [InlineData("/api/heatmap?route=/x", "service")]
    [InlineData("/api/heatmap?service=a", "route")]
    [InlineData("/api/heatmap?service=a&route=/x&window=1d", "window")]
    [InlineData("/api/heatmap/selection?route=/x", "service")]
    [InlineData("/api/heatmap/selection?service=a&route=/x&window=1d", "window")]
    [InlineData("/api/heatmap/selection?service=a&route=/x&fromMs=20&toMs=10", "toMs")]
    [InlineData("/api/heatmap/selection?service=a&route=/x&fromMs=abc", "fromMs")]
    [InlineData("/api/heatmap/selection?service=a&route=/x&toMs=-1", "toMs")]
    [InlineData("/api/heatmap/selection?service=a&route=/x&minDurationMs=abc", "minDurationMs")]
    [InlineData("/api/heatmap/selection?service=a&route=/x&minDurationMs=9&maxDurationMs=3", "maxDurationMs")]
    [InlineData("/api/compare?a=xyz&b=0123456789abcdef0123456789abcdef", "a")]
    [InlineData("/api/compare?a=0123456789abcdef0123456789abcdef", "b")]
    [InlineData("/api/compare", "a")]
    [InlineData("/api/traces/not-a-trace/links", "traceId")]
    [InlineData("/api/xray/segments/1-abc", "traceId")]
    [InlineData("/api/spend?window=abc", "window")]
    [InlineData("/api/spend?window=5", "window")]
    [InlineData("/api/what-if?window=1e12", "window")]
    [InlineData("/api/what-if?requestsPerSecond=-1", "requestsPerSecond")]
    [InlineData("/api/what-if?reservoirSize=1.5", "reservoirSize")]
    [InlineData("/api/what-if?fixedRate=2", "fixedRate")]
    [InlineData("/api/what-if?fixedRate=NaN", "fixedRate")]
    public async Task Get_BadParameter_Returns400ProblemNamingIt(string path, string parameter)
    {
        using var client = Server.ApiClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(parameter + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Theory]
    [InlineData("/api/routes")]
    [InlineData("/api/heatmap?service=a&route=/x")]
    [InlineData("/api/heatmap/selection?service=a&route=/x")]
    [InlineData("/api/service-map")]
    [InlineData("/api/compare?a=0123456789abcdef0123456789abcdef&b=0123456789abcdef0123456789abcdef")]
    [InlineData("/api/traces/0123456789abcdef0123456789abcdef/links")]
    [InlineData("/api/xray/segments/0123456789abcdef0123456789abcdef")]
    [InlineData("/api/spend")]
    [InlineData("/api/what-if")]
    public async Task Get_WithoutCookieOrKey_Returns401Problem(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = Server.Url };

        using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/telemetry/traces")]
    [InlineData("/api/telemetry/logs")]
    [InlineData("/api/telemetry/metrics")]
    [InlineData("/api/resources")]
    [InlineData("/api/telemetry/export?traceId=0123456789abcdef0123456789abcdef")]
    public async Task Get_RemovedEndpoint_Returns404(string path)
    {
        using var client = Server.ApiClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Heatmap_SlowUser_SlowBandInTheTopRowsAndEveryRequestCounted()
    {
        var service = Unique("heat");
        Accept(AnalysisSamples.SlowRoute(service, "/api/activities/search"));

        var grid = await GetAsync<HeatmapGrid>($"/api/heatmap?service={service}&route=/api/activities/search");

        Assert.Equal(220, grid.Total);
        Assert.Equal(220, grid.Counts.Sum(row => row.Sum()));
        Assert.Equal(grid.Counts.Count + 1, grid.DurationBoundsMs.Count);
        Assert.True(grid.DurationBoundsMs[0] <= 10 && grid.DurationBoundsMs[^1] >= 190, string.Join(", ", grid.DurationBoundsMs));
        // Rows reaching above 50 ms hold the slow band (100–190 ms) and nothing of the 10–19 ms requests.
        var slowRows = Enumerable.Range(0, grid.Counts.Count).Where(r => grid.DurationBoundsMs[r + 1] > 50).ToArray();
        Assert.Equal(20, slowRows.Sum(r => grid.Counts[r].Sum()));
        Assert.True(grid.Counts.All(row => row.Count == 60));
    }

    [Fact]
    public async Task HeatmapSelection_SlowBand_ComparisonRanksTheSlowUserFirst()
    {
        var service = Unique("bubble");
        Accept(AnalysisSamples.SlowRoute(service, "/api/activities/search"));

        var selection = await GetAsync<HeatmapSelection>(
            $"/api/heatmap/selection?service={service}&route=/api/activities/search&minDurationMs=90");

        Assert.Equal(20, selection.SelectedCount);
        Assert.Equal(200, selection.BaselineCount);
        Assert.Equal(20, selection.Traces.Count);
        Assert.All(selection.Traces, t => Assert.True(t.DurationMs >= 100));
        Assert.All(selection.Traces, t => Assert.Equal(InsightsServer.DashboardTrace(t.TraceId), t.DashboardUrl));
        var first = selection.Comparison[0];
        Assert.Equal(("user.handle", AnalysisSamples.SlowUser), (first.Key, first.Value));
        Assert.Equal((100d, 0d), (first.SelectedPercent, first.BaselinePercent));
        Assert.DoesNotContain(selection.Comparison, d => d.Key == "http.route");
    }

    [Fact]
    public async Task HeatmapSelection_TimeRegion_OnlyRequestsStartedInside()
    {
        var service = Unique("region");
        Accept(AnalysisSamples.SlowRoute(service, "/api/r"));
        var grid = await GetAsync<HeatmapGrid>($"/api/heatmap?service={service}&route=/api/r");
        var half = grid.FromMs + ((grid.ToMs - grid.FromMs) / 2);

        var firstHalf = await GetAsync<HeatmapSelection>($"/api/heatmap/selection?service={service}&route=/api/r&fromMs={grid.FromMs:R}&toMs={half:R}");

        Assert.InRange(firstHalf.SelectedCount, 100, 120);
        Assert.Equal(220, firstHalf.SelectedCount + firstHalf.BaselineCount);
        Assert.All(firstHalf.Traces, t => Assert.True(t.StartTime.ToUnixTimeMilliseconds() <= half + 1));
    }

    [Fact]
    public async Task ServiceMap_CallChain_ServicesPeerAndEdgesWithCountsErrorsAndP90()
    {
        var (gateway, api) = (Unique("gw"), Unique("api"));
        var chains = new List<(Cruddur.Insights.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest Gateway, Cruddur.Insights.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest Api, string TraceId)>();
        for (var i = 1; i <= 10; i++)
        {
            var chain = AnalysisSamples.CallChain(gateway, api, apiMs: 10 * i, dbMs: i, dbError: i == 10);
            chains.Add(chain);
            Accept(chain.Gateway);
            Accept(chain.Api);
        }

        var map = await GetAsync<ServiceMapGraph>("/api/service-map");

        Assert.Single(map.Nodes, n => n.Name == gateway && n.Instrumented && n.SpanCount == 20);
        Assert.Single(map.Nodes, n => n.Name == api && n.Instrumented && n.SpanCount == 20);
        var peer = Assert.Single(map.Nodes, n => n.Name == "db.internal:5432" && !n.Instrumented);
        var call = Assert.Single(map.Edges, e => e.From == gateway && e.To == api);
        Assert.Equal((10, 1, 90d), (call.Count, call.Errors, Math.Round(call.P90Ms, 3)));
        Assert.True(call.ToInstrumented);
        var db = Assert.Single(map.Edges, e => e.From == api && e.To == "db.internal:5432");
        Assert.Equal((10, 1, 0.1, 9d), (db.Count, db.Errors, db.ErrorRate, Math.Round(db.P90Ms, 3)));
        // The gateway's forwarder span has the api's server span under it: not a peer of its own.
        Assert.DoesNotContain(map.Edges, e => e.From == gateway && e.To == "127.0.0.1:5000");
        // Clicking a node or a call lists its traces, the failing ones first, each linked to the Aspire dashboard.
        Assert.Equal(chains[9].TraceId, db.Traces[0].TraceId);
        Assert.True(db.Traces[0].HasError);
        Assert.Equal(10, db.Traces.Count);
        Assert.Equal(chains.Select(c => c.TraceId).Reverse(), call.Traces.Select(t => t.TraceId));
        Assert.All(call.Traces.Concat(peer.Traces), t => Assert.Equal(InsightsServer.DashboardTrace(t.TraceId), t.DashboardUrl));
        Assert.Equal(10, peer.Traces.Count);
        var gatewayNode = Assert.Single(map.Nodes, n => n.Name == gateway);
        Assert.Equal(chains[9].TraceId, gatewayNode.Traces[0].TraceId); // the slowest request it served
    }

    [Fact]
    public async Task Compare_TwoTraces_SpansMatchedAndDifferencesComputed()
    {
        var (gateway, api) = (Unique("cgw"), Unique("capi"));
        var fast = AnalysisSamples.CallChain(gateway, api, apiMs: 30, dbMs: 20);
        var slow = AnalysisSamples.CallChain(gateway, api, apiMs: 300, dbMs: 290);
        var extra = OtlpSamples.Traces(api, AnalysisSamples.Kind(OtlpSamples.Span(slow.TraceId, OtlpSamples.NewSpanId(), null, "cache miss", 5, 2), ProtoSpan.Types.SpanKind.Internal));
        foreach (var request in new[] { fast.Gateway, fast.Api, slow.Gateway, slow.Api, extra })
        {
            Accept(request);
        }

        var result = await GetAsync<TraceComparisonResult>($"/api/compare?a={fast.TraceId}&b=1-{slow.TraceId[..8]}-{slow.TraceId[8..]}");

        Assert.Equal((fast.TraceId, slow.TraceId), (result.TraceIdA, result.TraceIdB));
        var query = Assert.Single(result.Spans, s => s.Name == "SELECT activities");
        Assert.Equal((20d, 290d, 270d), (Math.Round(query.DurationMsA!.Value, 3), Math.Round(query.DurationMsB!.Value, 3), Math.Round(query.DifferenceMs!.Value, 3)));
        var server = Assert.Single(result.Spans, s => s.Service == api && s.Name == "GET /api/activities/home");
        Assert.Equal(270d, Math.Round(server.DifferenceMs!.Value, 3));
        var onlyB = Assert.Single(result.Spans, s => s.Name == "cache miss");
        Assert.Equal((null, 2d), (onlyB.DurationMsA, onlyB.DurationMsB));
        Assert.Equal(5, result.Spans.Count);
        Assert.Equal((InsightsServer.DashboardTrace(fast.TraceId), InsightsServer.DashboardTrace(slow.TraceId)), (result.DashboardUrlA, result.DashboardUrlB));
    }

    [Fact]
    public async Task Routes_DashboardUrlUnset_TracesNamedWithoutLinks()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Dashboard:Url"] = null });
        var service = Unique("nolink");
        server.Service<OtlpConverter>().Accept(AnalysisSamples.SlowRoute(service, "/api/n", normal: 10, slow: 2));
        using var client = server.ApiClient();

        var table = await client.GetFromJsonAsync<RouteTable>("/api/routes", TestContext.Current.CancellationToken);
        var selection = await client.GetFromJsonAsync<HeatmapSelection>($"/api/heatmap/selection?service={service}&route=/api/n", TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(table!.Routes).SlowestTrace.DashboardUrl);
        Assert.All(selection!.Traces, t => Assert.Null(t.DashboardUrl));
    }

    [Fact]
    public async Task Compare_UnknownTrace_Returns404()
    {
        using var client = Server.ApiClient();

        using var response = await client.GetAsync($"/api/compare?a={OtlpSamples.NewTraceId()}&b={OtlpSamples.NewTraceId()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    private void Accept(Cruddur.Insights.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest request) =>
        Server.Service<OtlpConverter>().Accept(request);

    private async Task<T> GetAsync<T>(string path)
    {
        using var client = Server.ApiClient();
        return (await client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken))!;
    }
}
