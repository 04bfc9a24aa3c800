using System.Text.RegularExpressions;
using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp;
using Cruddur.Tests.Insights;
using Cruddur.Tests.Insights.Analysis;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Browser;

/// <summary>Routes, heatmap, service map and trace comparison pages in headless Chromium.</summary>
public sealed class AnalysisBrowserTests(ChromiumFixture chromium, AnalysisDashboardFixture dashboard)
    : IClassFixture<ChromiumFixture>, IClassFixture<AnalysisDashboardFixture>
{
    private InsightsServer Server => dashboard.Server;

    [Fact]
    public Task Routes_SlowRouteListedFirstWithPercentiles_LinksToItsHeatmap() =>
        chromium.RunPageAsync(nameof(Routes_SlowRouteListedFirstWithPercentiles_LinksToItsHeatmap), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Routes" }).ClickAsync();

            var first = page.Locator("#route-table tr.route-row").First;
            await Expect(first).ToContainTextAsync(AnalysisDashboardFixture.SlowRoute);
            await Expect(first).ToContainTextAsync("220");
            await Expect(page.Locator("#route-table tr.route-row")).ToHaveCountAsync(3);
            await page.Locator("#route-filters select").SelectOptionAsync("1m");
            await Expect(page).ToHaveURLAsync(new Regex("window=1m$"));
            await ChromiumFixture.CaptureIfRequestedAsync(page, "routes");

            await first.Locator("a.heatmap-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/heatmap\\?service=cruddur-api&route=%2Fapi%2Factivities%2Fsearch&window=1m$"));
            await Expect(page.Locator("#heatmap")).ToBeVisibleAsync();
        });

    [Fact]
    public Task Heatmap_DragOverTheSlowBand_ListsItsTracesAndNamesTheSlowUser() =>
        chromium.RunPageAsync(nameof(Heatmap_DragOverTheSlowBand_ListsItsTracesAndNamesTheSlowUser), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url($"/heatmap?service=cruddur-api&route={Uri.EscapeDataString(AnalysisDashboardFixture.SlowRoute)}"));
            await Expect(page.Locator("#heatmap-summary")).ToContainTextAsync("220 requests");

            // The plot spans 10–190 ms on a log scale: its upper half holds the slow band and none of the 10–19 ms requests.
            var box = (await page.Locator("#heatmap").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + 75, box.Y + 12);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 4), new() { Steps = 5 });
            await page.Mouse.MoveAsync(box.X + box.Width - 12, box.Y + (box.Height / 2), new() { Steps = 5 });
            await page.Mouse.UpAsync();

            await Expect(page.Locator("#heatmap-region")).ToBeVisibleAsync();
            await Expect(page.Locator("#selection-table tbody tr")).ToHaveCountAsync(20);
            var top = page.Locator("#comparison-table tr.comparison-row").First;
            await Expect(top).ToContainTextAsync("user.handle");
            await Expect(top).ToContainTextAsync(AnalysisSamples.SlowUser);
            await Expect(top).ToContainTextAsync("100.0 %");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "heatmap");

            await page.Locator("#selection-table a").First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/traces/[0-9a-f]{32}$"));
            await Expect(page.Locator("#span-pane")).ToContainTextAsync(AnalysisSamples.SlowUser);
        });

    [Fact]
    public Task ServiceMap_ShowsServicesAndPeer_ClickingAnEdgeFiltersTheTraces() =>
        chromium.RunPageAsync(nameof(ServiceMap_ShowsServicesAndPeer_ClickingAnEdgeFiltersTheTraces), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Service map" }).ClickAsync();

            await Expect(page.Locator("#service-map [data-node='cruddur-gateway']")).ToBeVisibleAsync();
            await Expect(page.Locator("#service-map [data-node='db.internal:5432'].peer")).ToBeVisibleAsync();
            var edge = page.Locator("#service-map .map-edge[data-from='cruddur-api'][data-to='db.internal:5432']");
            await Expect(edge).ToContainTextAsync("2 · 50% err");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "service-map");

            await edge.Locator("text").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/traces\\?service=cruddur-api&attribute=server.address%3Ddb.internal$"));
            await Expect(page.Locator("#trace-table tr.trace-row")).ToHaveCountAsync(2);
        });

    [Fact]
    public Task Compare_TickTwoTraces_SlowerSpanHighlighted() =>
        chromium.RunPageAsync(nameof(Compare_TickTwoTraces_SlowerSpanHighlighted), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url("/traces?service=cruddur-gateway"));
            var rows = page.Locator("#trace-table tr.trace-row");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(page.Locator("#compare-button")).ToBeDisabledAsync();

            await page.Locator($"tr[data-trace-id='{dashboard.FastTraceId}'] input.compare-pick").CheckAsync();
            await page.Locator($"tr[data-trace-id='{dashboard.SlowTraceId}'] input.compare-pick").CheckAsync();
            await page.Locator("#compare-button").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/compare\\?a={dashboard.FastTraceId}&b={dashboard.SlowTraceId}$"));
            var slower = page.Locator("#compare-table tr.compare-row.slower", new() { HasText = "SELECT activities" });
            await Expect(slower).ToContainTextAsync("+120 ms");
            await Expect(page.Locator("#compare-table tr.compare-row")).ToHaveCountAsync(4);
            await ChromiumFixture.CaptureIfRequestedAsync(page, "compare");
        });

    [Fact]
    public Task TracePage_LinksOut_XRayConsoleAndRollbarItemLinked_HoneycombOffSaysWhy() =>
        chromium.RunPageAsync(nameof(TracePage_LinksOut_XRayConsoleAndRollbarItemLinked_HoneycombOffSaysWhy), async page =>
        {
            var id = dashboard.RollbarTraceId;
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url($"/traces/{id}"));

            await Expect(page.Locator("#xray-link")).ToHaveAttributeAsync("href",
                $"https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#xray:traces/1-{id[..8]}-{id[8..]}");
            await Expect(page.Locator("#xray-link")).ToHaveAttributeAsync("target", "_blank");
            await Expect(page.Locator(".rollbar-link")).ToHaveAttributeAsync("href", $"https://rollbar.com/item/uuid/?uuid={AnalysisDashboardFixture.RollbarUuid}");
            await Expect(page.Locator("#honeycomb-link.link-off")).ToHaveAttributeAsync("title", new Regex("HONEYCOMB_API_KEY is not set"));
            await ChromiumFixture.CaptureIfRequestedAsync(page, "trace-links");
        });

    private string Url(string path) => new Uri(Server.FrontendUrl, path).ToString();
}

/// <summary>A dashboard holding a route with a slow user and two calls gateway → api → database (one failing).</summary>
public sealed class AnalysisDashboardFixture : IAsyncLifetime
{
    public const string SlowRoute = "/api/activities/search";
    public const string RollbarUuid = "5f0c2a1e-8b7d-4c3e-9a61-0d2f4e6b8c10";

    internal InsightsServer Server { get; private set; } = null!;
    internal string FastTraceId { get; private set; } = "";
    internal string SlowTraceId { get; private set; } = "";
    internal string RollbarTraceId { get; private set; } = OtlpSamples.NewTraceId();

    public async ValueTask InitializeAsync()
    {
        // A region for the X-Ray link; no Honeycomb key, whatever the machine has set.
        Server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["AWS_REGION"] = "us-east-1", ["HONEYCOMB_API_KEY"] = "" });
        var converter = Server.Service<OtlpConverter>();
        converter.Accept(AnalysisSamples.SlowRoute("cruddur-api", SlowRoute));
        var fast = AnalysisSamples.CallChain("cruddur-gateway", "cruddur-api", apiMs: 30, dbMs: 20);
        var slow = AnalysisSamples.CallChain("cruddur-gateway", "cruddur-api", apiMs: 150, dbMs: 140, dbError: true);
        foreach (var request in new[] { fast.Gateway, fast.Api, slow.Gateway, slow.Api })
        {
            converter.Accept(request);
        }
        (FastTraceId, SlowTraceId) = (fast.TraceId, slow.TraceId);
        converter.Accept(OtlpSamples.Traces("cruddur-api", AnalysisSamples.Kind(
            OtlpSamples.Span(RollbarTraceId, OtlpSamples.NewSpanId(), null, "HomeActivities.run", 0, 3, true, ("rollbar.item.uuid", RollbarUuid)),
            Cruddur.Insights.Otlp.Proto.Trace.Span.Types.SpanKind.Internal)));
        await Server.WaitForAsync<TracePage>("/api/telemetry/traces?limit=1", p => p.Total == 223);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
