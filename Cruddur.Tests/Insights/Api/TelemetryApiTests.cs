using System.Net;
using System.Net.Http.Json;
using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Logs;

namespace Cruddur.Tests.Insights.Api;

public sealed class TelemetryApiTests(SeededDashboardFixture fixture) : IClassFixture<SeededDashboardFixture>
{
    private InsightsServer _server => fixture.Server;
    private HttpClient _client => fixture.Client;
    private string _service => fixture.Service;
    private List<string> _traceIds => fixture.TraceIds;

    [Fact]
    public async Task ListTraces_ByService_NewestFirstWithXRayIds()
    {
        var page = await GetAsync<TracePage>($"/api/telemetry/traces?service={_service}&limit=5");

        Assert.Equal(30, page.Total);
        Assert.Equal(5, page.Items.Count);
        Assert.Equal(_traceIds[29], page.Items[0].TraceId);
        Assert.Equal($"1-{_traceIds[29][..8]}-{_traceIds[29][8..]}", page.Items[0].XRayTraceId);
        Assert.Equal("GET /api/even/30", page.Items[0].RootName);
        Assert.Equal([new ServiceSpans(_service, 1)], page.Items[0].Services);
    }

    [Fact]
    public async Task ListTraces_SecondPage_ContinuesWhereTheFirstStopped()
    {
        var first = await GetAsync<TracePage>($"/api/telemetry/traces?service={_service}&limit=10");
        var second = await GetAsync<TracePage>($"/api/telemetry/traces?service={_service}&limit=10&offset=10");

        Assert.Equal(_traceIds.AsEnumerable().Reverse().Take(10), first.Items.Select(t => t.TraceId));
        Assert.Equal(_traceIds.AsEnumerable().Reverse().Skip(10).Take(10), second.Items.Select(t => t.TraceId));
    }

    [Theory]
    [InlineData("minDurationMs=25", 6)]
    [InlineData("maxDurationMs=5", 5)]
    [InlineData("minDurationMs=10&maxDurationMs=19.5", 10)]
    [InlineData("errorsOnly=true", 3)]
    [InlineData("name=even", 15)]
    [InlineData("name=POST%20/api/odd/1", 6)]
    [InlineData("attribute=user%3Dandrew", 1)]
    [InlineData("attribute=user", 1)]
    [InlineData("attribute=service.name%3Dnobody", 0)]
    public async Task ListTraces_Filter_ReturnsOnlyMatches(string filter, int expected)
    {
        var page = await GetAsync<TracePage>($"/api/telemetry/traces?service={_service}&{filter}");

        Assert.Equal(expected, page.Total);
    }

    [Theory]
    [InlineData("minDurationMs=abc")]
    [InlineData("maxDurationMs=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    [InlineData("offset=-5")]
    [InlineData("errorsOnly=maybe")]
    [InlineData("attribute=%3Dvalue")]
    public async Task ListTraces_BadQuery_Returns400WithProblem(string query)
    {
        using var response = await _client.GetAsync($"/api/telemetry/traces?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTrace_ByXRayForm_SameTrace()
    {
        var id = _traceIds[6];

        var trace = await GetAsync<TraceDetail>($"/api/telemetry/traces/1-{id[..8]}-{id[8..]}");

        Assert.Equal(id, trace.TraceId);
        Assert.Contains(trace.Spans.Single().Attributes, a => a is { Key: "user", Value: "andrew" });
        Assert.Equal(_service, trace.Spans.Single().Resource.ServiceName);
    }

    [Fact]
    public async Task GetTrace_Unknown_Returns404Problem()
    {
        using var response = await _client.GetAsync($"/api/telemetry/traces/{OtlpSamples.NewTraceId()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTrace_NotAnId_Returns400()
    {
        using var response = await _client.GetAsync("/api/telemetry/traces/not-a-trace-id", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("level=Warning", new[] { "database unavailable", "slow query" })]
    [InlineData("level=error", new[] { "database unavailable" })]
    [InlineData("text=QUERY", new[] { "slow query" })]
    [InlineData("attribute=user%3Dandrewbrown&level=Information", new[] { "database unavailable", "slow query", "home loaded" })]
    public async Task ListLogs_Filter_ReturnsMatchesNewestFirst(string filter, string[] messages)
    {
        var page = await GetAsync<LogPage>($"/api/telemetry/logs?service={_service}&{filter}");

        Assert.Equal(messages, page.Items.Select(l => l.Message));
    }

    [Fact]
    public async Task ListLogs_ByTraceId_OnlyThatTrace()
    {
        var page = await GetAsync<LogPage>($"/api/telemetry/logs?traceId={_traceIds[0]}");

        Assert.Equal(["home loaded", "debug detail"], page.Items.Select(l => l.Message));
        Assert.All(page.Items, l => Assert.Equal(_traceIds[0], l.TraceId));
    }

    [Fact]
    public async Task ListLogs_UnknownLevel_Returns400()
    {
        using var response = await _client.GetAsync("/api/telemetry/logs?level=loud", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_Catalog_ListsInstrumentsOfTheService()
    {
        var catalog = await GetAsync<MetricCatalog>($"/api/telemetry/metrics?service={_service}");

        var service = Assert.Single(catalog.Services);
        Assert.Equal(["cruds.created", "http.server.request.duration"], service.Instruments.Select(i => i.Name));
        Assert.Equal(["counter", "histogram"], service.Instruments.Select(i => i.Type));
    }

    [Fact]
    public async Task GetMetrics_Histogram_PercentilesFromBuckets()
    {
        var points = await GetAsync<InstrumentPoints>($"/api/telemetry/metrics?service={_service}&name=http.server.request.duration");

        var histogram = points.Points.Single().Histogram!;
        Assert.Equal((50d, 90d, 99d), (Math.Round(histogram.P50, 3), Math.Round(histogram.P90, 3), Math.Round(histogram.P99, 3)));
    }

    [Theory]
    [InlineData("name=cruds.created", HttpStatusCode.BadRequest)]
    [InlineData("service=nobody&name=cruds.created", HttpStatusCode.NotFound)]
    public async Task GetMetrics_BadInstrumentQuery_ReturnsProblem(string query, HttpStatusCode expected)
    {
        using var response = await _client.GetAsync($"/api/telemetry/metrics?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/telemetry/traces")]
    [InlineData("/api/telemetry/logs")]
    [InlineData("/api/telemetry/metrics")]
    public async Task Api_WithoutLoginOrKey_Returns401(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _server.FrontendUrl };
        anonymous.DefaultRequestHeaders.Add("x-dashboard-api-key", "wrong");

        using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ClearTraces_ThenList_Empty()
    {
        await using var server = await InsightsServer.StartAsync();
        using var client = server.ApiClient();
        server.Service<OtlpConverter>().Accept(OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId()));

        using var cleared = await client.DeleteAsync("/api/telemetry/traces", TestContext.Current.CancellationToken);
        var page = await client.GetFromJsonAsync<TracePage>("/api/telemetry/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, page!.Total);
    }

    private async Task<T> GetAsync<T>(string path) =>
        (await _client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken))!;
}

/// <summary>One dashboard seeded with 30 traces, 4 logs and 2 instruments of one service.</summary>
public sealed class SeededDashboardFixture : IAsyncLifetime
{
    internal InsightsServer Server { get; private set; } = null!;
    internal HttpClient Client { get; private set; } = null!;
    internal string Service { get; } = "api-" + Guid.NewGuid().ToString("N")[..8];
    internal List<string> TraceIds { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Server = await InsightsServer.StartAsync();
        Client = Server.ApiClient();
        var converter = Server.Service<OtlpConverter>();
        // 30 traces: durations 1..30 ms, every 10th an error, the 7th carries user=andrew, started 1 s apart.
        for (var i = 1; i <= 30; i++)
        {
            var traceId = OtlpSamples.NewTraceId();
            TraceIds.Add(traceId);
            var attributes = i == 7 ? new[] { ("user", "andrew") } : [];
            converter.Accept(OtlpSamples.Traces(Service, OtlpSamples.Span(traceId, OtlpSamples.NewSpanId(), null, i % 2 == 0 ? $"GET /api/even/{i}" : $"POST /api/odd/{i}", i * 1000, i, i % 10 == 0, attributes)));
        }
        converter.Accept(OtlpSamples.Logs(Service,
            (SeverityNumber.Debug, "debug detail", TraceIds[0]),
            (SeverityNumber.Info, "home loaded", TraceIds[0]),
            (SeverityNumber.Warn, "slow query", TraceIds[1]),
            (SeverityNumber.Error, "database unavailable", TraceIds[2])));
        converter.Accept(OtlpSamples.Metrics(Service,
            OtlpSamples.Counter("cruds.created", 1, 2),
            OtlpSamples.Histogram("http.server.request.duration", [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0])));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
