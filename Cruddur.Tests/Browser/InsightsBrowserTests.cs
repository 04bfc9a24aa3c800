using System.Diagnostics;
using System.Text.RegularExpressions;
using Cruddur.Insights.Api;
using Cruddur.Tests.Insights;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Browser;

/// <summary>The dashboard UI in headless Chromium, fed by the real .NET OTLP exporter.</summary>
public sealed partial class InsightsBrowserTests(ChromiumFixture chromium, BrowserDashboardFixture dashboard)
    : IClassFixture<ChromiumFixture>, IClassFixture<BrowserDashboardFixture>
{
    private InsightsServer Server => dashboard.Server;

    [Fact]
    public Task Login_WithToken_TraceFromApiOpensWaterfallAndSpanAttributes() =>
        chromium.RunPageAsync(nameof(Login_WithToken_TraceFromApiOpensWaterfallAndSpanAttributes), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));

            var row = page.Locator("#trace-table tr.trace-row", new() { HasText = "cruddur-api: GET /api/activities/home" }).First;
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync("cruddur-api");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "traces");

            await row.Locator("a.trace-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/traces/{dashboard.TraceId}$"));
            var spans = page.Locator("#waterfall [data-span-id]");
            await Expect(spans).ToHaveCountAsync(3);
            await Expect(page.Locator("#xray-id")).ToHaveTextAsync($"1-{dashboard.TraceId[..8]}-{dashboard.TraceId[8..]}");
            await Expect(page.Locator("#trace-logs")).ToContainTextAsync("Loaded 3 cruds for andrewbrown");

            await spans.Filter(new() { HasText = "HomeActivities.run" }).ClickAsync();
            var pane = page.Locator("#span-pane");
            await Expect(pane.Locator("h2")).ToHaveTextAsync("HomeActivities.run");
            await Expect(pane).ToContainTextAsync("app.cruds.count");
            await Expect(pane).ToContainTextAsync("Error: database timeout");
            await Expect(pane.Locator("pre.stack")).ToContainTextAsync("TimeoutException");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "trace-detail");

            await page.Locator("#waterfall [data-toggle]").First.ClickAsync();
            await Expect(spans).ToHaveCountAsync(1);
        });

    [Fact]
    public Task Logs_FilterByLevelError_OnlyErrorsShown() =>
        chromium.RunPageAsync(nameof(Logs_FilterByLevelError_OnlyErrorsShown), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Structured logs" }).ClickAsync();
            var rows = page.Locator("#log-table tr.log-row");
            await Expect(rows.Filter(new() { HasText = "Loaded 3 cruds" }).First).ToBeVisibleAsync();
            await ChromiumFixture.CaptureIfRequestedAsync(page, "logs");

            await page.Locator("#log-filters select[name=level]").SelectOptionAsync("Error");

            await Expect(rows.Filter(new() { HasText = "Loaded 3 cruds" })).ToHaveCountAsync(0);
            await Expect(rows.Filter(new() { HasText = "Home activities failed" }).First).ToBeVisibleAsync();
            foreach (var level in await page.Locator("#log-table .level").AllTextContentsAsync())
            {
                Assert.Contains(level, new[] { "Error", "Critical" });
            }
        });

    [Fact]
    public Task Metrics_SelectHistogram_ChartShowsPercentiles() =>
        chromium.RunPageAsync(nameof(Metrics_SelectHistogram_ChartShowsPercentiles), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url("/metrics"));

            await page.Locator("button.instrument", new() { HasText = "http.server.request.duration" }).First.ClickAsync();

            await Expect(page.Locator("#instrument svg.line-chart polyline")).ToHaveCountAsync(3);
            await Expect(page.Locator("#instrument .legend")).ToContainTextAsync("P99");
            await Expect(page.Locator("#latest-value")).ToContainTextAsync("count 100");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "metrics");
        });

    [Fact]
    public Task Page_WithoutToken_ShowsLoginFormAndPastedTokenSignsIn() =>
        chromium.RunPageAsync(nameof(Page_WithoutToken_ShowsLoginFormAndPastedTokenSignsIn), async page =>
        {
            await page.GotoAsync(Url("/traces"));

            await Expect(page.Locator("#login-form")).ToBeVisibleAsync();
            await Expect(page.Locator("#app")).ToHaveCountAsync(0);
            await ChromiumFixture.CaptureIfRequestedAsync(page, "login");

            await page.Locator("#token").FillAsync("wrong-token-value");
            await page.Locator("#login-form button").ClickAsync();
            await Expect(page.Locator(".login-error")).ToContainTextAsync("not valid");

            await page.Locator("#token").FillAsync(InsightsServer.Token);
            await page.Locator("#login-form button").ClickAsync();
            await Expect(page.Locator("#trace-table")).ToBeVisibleAsync();
        });

    [Fact]
    public Task TracesPage_NewTraceArrives_AppearsWithoutReload() =>
        chromium.RunPageAsync(nameof(TracesPage_NewTraceArrives_AppearsWithoutReload), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await Expect(page.Locator("#trace-table tr.trace-row").First).ToBeVisibleAsync();
            var traceId = OtlpSamples.NewTraceId();

            Server.Service<Cruddur.Insights.Otlp.OtlpConverter>().Accept(OtlpSamples.OneTrace("cruddur-live", traceId, "GET /api/activities/live"));

            await Expect(page.Locator($"tr[data-trace-id='{traceId}']")).ToContainTextAsync("cruddur-live: GET /api/activities/live");
        });

    [Fact]
    public Task TracePage_XRaySegments_ShownPrettyCollapsibleWithRejectionsFlagged() =>
        chromium.RunPageAsync(nameof(TracePage_XRaySegments_ShownPrettyCollapsibleWithRejectionsFlagged), async page =>
        {
            // A trace of its own with an X-Ray-style id (it starts with the current time): the fixture's random
            // W3C id reads as "more than 30 days old" about 4 times in 10, and X-Ray would reject the good document too.
            var traceId = Cruddur.ServiceDefaults.XRay.XRayTraceIds.NewTraceId(TimeProvider.System).ToHexString();
            Server.Service<Cruddur.Insights.Otlp.OtlpConverter>().Accept(OtlpSamples.OneTrace("cruddur-segments", traceId, "GET /api/activities/segments"));
            var xrayId = $"1-{traceId[..8]}-{traceId[8..]}";
            var good = $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad8","trace_id":"{{xrayId}}","start_time":1,"end_time":2}""";
            var bad = $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad9","trace_id":"{{xrayId}}","start_time":1}""";
            using (var client = new HttpClient { BaseAddress = Server.HttpUrl })
            {
                using var posted = await client.PostAsync("/xray/segments",
                    new StringContent(System.Text.Json.JsonSerializer.Serialize(new { documents = new[] { good, bad } }), System.Text.Encoding.UTF8, "application/json"),
                    TestContext.Current.CancellationToken);
                posted.EnsureSuccessStatusCode();
            }

            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url($"/traces/{traceId}"));

            var section = page.Locator("#xray-segments");
            await Expect(section.Locator("#xray-summary")).ToContainTextAsync("2 documents; 1 X-Ray would reject");
            var accepted = section.Locator("details[data-segment-id='53995c3f42cd8ad8']");
            var rejected = section.Locator("details[data-segment-id='53995c3f42cd8ad9']");
            await Expect(rejected).ToHaveClassAsync(new Regex("rejected"));
            await Expect(accepted).Not.ToHaveClassAsync(new Regex("rejected"));
            await Expect(rejected.Locator(".xray-issues")).ToContainTextAsync("end_time_missing");
            await Expect(rejected.Locator("pre.xray-json")).Not.ToBeVisibleAsync();

            await rejected.Locator("summary").ClickAsync();

            await Expect(rejected.Locator("pre.xray-json")).ToBeVisibleAsync();
            await Expect(rejected.Locator("pre.xray-json")).ToContainTextAsync("\n  \"id\": \"53995c3f42cd8ad9\"");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "trace-xray-segments");
        });

    private string Url(string path) => new Uri(Server.FrontendUrl, path).ToString();
}

/// <summary>A dashboard holding one api trace (three spans, an exception), its logs and a histogram, sent by the .NET exporter.</summary>
public sealed class BrowserDashboardFixture : IAsyncLifetime
{
    internal InsightsServer Server { get; private set; } = null!;
    internal string TraceId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Server = await InsightsServer.StartAsync();
        var resource = ResourceBuilder.CreateDefault().AddService("cruddur-api");
        void Http(OtlpExporterOptions o, string path)
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(Server.HttpUrl, path);
        }

        using (var source = new ActivitySource("Cruddur.Api"))
        using (var meter = new System.Diagnostics.Metrics.Meter("Cruddur.Api"))
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource("Cruddur.Api").SetResourceBuilder(resource).AddOtlpExporter(o => Http(o, "/v1/traces")).Build())
        using (var metrics = Sdk.CreateMeterProviderBuilder().AddMeter("Cruddur.Api").SetResourceBuilder(resource).AddOtlpExporter(o => Http(o, "/v1/metrics")).Build())
        using (var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.AddOtlpExporter(e => Http(e, "/v1/logs"));
        })))
        {
            var logger = logging.CreateLogger("Cruddur.Api.HomeActivities");
            using (var root = source.StartActivity("GET /api/activities/home", ActivityKind.Server)!)
            {
                root.SetTag("http.request.method", "GET");
                root.SetTag("http.route", "/api/activities/home");
                TraceId = root.TraceId.ToHexString();
                using (var run = source.StartActivity("HomeActivities.run")!)
                {
                    run.SetTag("app.cruds.count", 3);
                    logger.LogInformation("Loaded {Count} cruds for {User}", 3, "andrewbrown");
                    using (var query = source.StartActivity("SELECT activities", ActivityKind.Client)!)
                    {
                        query.SetTag("db.system", "postgresql");
                    }
                    run.AddException(new TimeoutException("database timeout"));
                    run.SetStatus(ActivityStatusCode.Error, "database timeout");
                    logger.LogError("Home activities failed for {User}", "andrewbrown");
                }
            }
            var duration = meter.CreateHistogram<double>("http.server.request.duration", "ms");
            for (var i = 1; i <= 100; i++)
            {
                duration.Record(i, new KeyValuePair<string, object?>("http.route", "/api/activities/home"));
            }
            tracing.ForceFlush(5000);
            metrics.ForceFlush(5000);
        }
        await Server.WaitForAsync<TraceDetail>($"/api/telemetry/traces/{TraceId}", t => t.Spans.Count == 3);
        await Server.WaitForAsync<LogPage>($"/api/telemetry/logs?traceId={TraceId}", p => p.Total == 2);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
