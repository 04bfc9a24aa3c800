using System.Text.RegularExpressions;
using Cruddur.Insights.Analysis;
using Cruddur.Insights.Otlp;
using Cruddur.Tests.Insights;
using Cruddur.Tests.Insights.Analysis;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Browser;

/// <summary>Routes, heatmap, service map, trace comparison and a trace's links out in headless Chromium; traces open on a stand-in Aspire dashboard.</summary>
public sealed class AnalysisBrowserTests(ChromiumFixture chromium, AnalysisInsightsFixture insights)
    : IClassFixture<ChromiumFixture>, IClassFixture<AnalysisInsightsFixture>
{
    private InsightsServer Server => insights.Server;

    [Fact]
    public Task Routes_SlowRouteListedFirstWithPercentiles_LinksToItsHeatmapAndSlowestTrace() =>
        chromium.RunPageAsync(nameof(Routes_SlowRouteListedFirstWithPercentiles_LinksToItsHeatmapAndSlowestTrace), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Routes" }).ClickAsync();

            var first = page.Locator("#route-table tr.route-row").First;
            await Expect(first).ToContainTextAsync(AnalysisInsightsFixture.SlowRoute);
            await Expect(first).ToContainTextAsync("220");
            await Expect(page.Locator("#route-table tr.route-row")).ToHaveCountAsync(3);
            await Expect(first.Locator(".slowest-trace a.dashboard-link")).ToHaveAttributeAsync("href", new Regex($"^{Regex.Escape(insights.Dashboard.Url)}/traces/detail/[0-9a-f]{{32}}$"));
            // The slow chain's database call failed, and with it the gateway's request.
            var failing = page.Locator("#route-table tr.route-row", new() { HasText = "cruddur-gateway" });
            await Expect(failing.Locator(".error-trace a.dashboard-link")).ToHaveAttributeAsync("href", $"{insights.Dashboard.Url}/traces/detail/{insights.SlowTraceId}");
            await page.Locator("#route-filters select").SelectOptionAsync("1m");
            await Expect(page).ToHaveURLAsync(new Regex("window=1m$"));
            await ChromiumFixture.CaptureIfRequestedAsync(page, "routes");

            await first.Locator("a.heatmap-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/heatmap\\?service=cruddur-api&route=%2Fapi%2Factivities%2Fsearch&window=1m$"));
            await Expect(page.Locator("#heatmap")).ToBeVisibleAsync();
        });

    [Fact]
    public Task Heatmap_DragOverTheSlowBand_NamesTheSlowUser_TraceOpensOnTheAspireDashboard() =>
        chromium.RunPageAsync(nameof(Heatmap_DragOverTheSlowBand_NamesTheSlowUser_TraceOpensOnTheAspireDashboard), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url($"/heatmap?service=cruddur-api&route={Uri.EscapeDataString(AnalysisInsightsFixture.SlowRoute)}"));
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

            var link = page.Locator("#selection-table a.dashboard-link").First;
            var traceId = await link.Locator("xpath=ancestor::tr").GetAttributeAsync("data-trace-id");
            var dashboard = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());

            await Expect(dashboard).ToHaveURLAsync($"{insights.Dashboard.Url}/traces/detail/{traceId}");
            await Expect(dashboard.Locator("#trace-id")).ToHaveTextAsync(traceId!);
            Assert.Contains(Server.Service<Cruddur.Insights.Storage.TraceStore>().Find(traceId!)!.Root.Attributes,
                a => a is { Key: "user.handle", Value: AnalysisSamples.SlowUser });
        });

    [Fact]
    public Task ServiceMap_ShowsServicesAndPeer_ClickingAnEdgeListsItsTracesLinkedToTheDashboard() =>
        chromium.RunPageAsync(nameof(ServiceMap_ShowsServicesAndPeer_ClickingAnEdgeListsItsTracesLinkedToTheDashboard), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Service map" }).ClickAsync();

            await Expect(page.Locator("#service-map [data-node='cruddur-gateway']")).ToBeVisibleAsync();
            await Expect(page.Locator("#service-map [data-node='db.internal:5432'].peer")).ToBeVisibleAsync();
            var edge = page.Locator("#service-map .map-edge[data-from='cruddur-api'][data-to='db.internal:5432']");
            await Expect(edge).ToContainTextAsync("2 · 50% err");

            await edge.Locator("text").ClickAsync();

            await Expect(page.Locator("#drilldown-title")).ToHaveTextAsync("Traces of cruddur-api → db.internal:5432");
            var rows = page.Locator("#drilldown-table tbody tr");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.First).ToHaveClassAsync("has-error");
            await Expect(rows.First.Locator("a.dashboard-link")).ToHaveAttributeAsync("href", $"{insights.Dashboard.Url}/traces/detail/{insights.SlowTraceId}");
            await Expect(rows.Nth(1).Locator("a.dashboard-link")).ToHaveAttributeAsync("href", $"{insights.Dashboard.Url}/traces/detail/{insights.FastTraceId}");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "service-map");

            await page.Locator("#service-map [data-node='cruddur-gateway'] rect").ClickAsync();
            await Expect(page.Locator("#drilldown-title")).ToHaveTextAsync("Traces of cruddur-gateway");
            await Expect(page.Locator("#drilldown-table tbody tr")).ToHaveCountAsync(2);
        });

    [Fact]
    public Task Compare_TickTwoTracesOnTheHeatmap_SlowerSpanHighlighted() =>
        chromium.RunPageAsync(nameof(Compare_TickTwoTracesOnTheHeatmap_SlowerSpanHighlighted), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url("/heatmap?service=cruddur-gateway&route=%2Fapi%2Factivities%2Fhome"));
            await Expect(page.Locator("#heatmap-summary")).ToContainTextAsync("2 requests");
            await Expect(page.Locator("#compare-button")).ToBeDisabledAsync();
            var box = (await page.Locator("#heatmap").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + 75, box.Y + 12);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + box.Width - 12, box.Y + box.Height - 30, new() { Steps = 5 });
            await page.Mouse.UpAsync();
            await Expect(page.Locator("#selection-table tbody tr")).ToHaveCountAsync(2);

            await page.Locator($"tr[data-trace-id='{insights.FastTraceId}'] input.compare-pick").CheckAsync();
            await page.Locator($"tr[data-trace-id='{insights.SlowTraceId}'] input.compare-pick").CheckAsync();
            await page.Locator("#compare-button").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/compare\\?a={insights.FastTraceId}&b={insights.SlowTraceId}$"));
            var slower = page.Locator("#compare-table tr.compare-row.slower", new() { HasText = "SELECT activities" });
            await Expect(slower).ToContainTextAsync("+120 ms");
            await Expect(page.Locator("#compare-table tr.compare-row")).ToHaveCountAsync(4);
            await Expect(page.Locator("#trace-b a.dashboard-link")).ToHaveAttributeAsync("href", $"{insights.Dashboard.Url}/traces/detail/{insights.SlowTraceId}");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "compare");
        });

    [Fact]
    public Task Compare_FormWithAnXRayId_ShowsTheComparison() =>
        chromium.RunPageAsync(nameof(Compare_FormWithAnXRayId_ShowsTheComparison), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Compare" }).ClickAsync();
            var slow = insights.SlowTraceId;

            await page.Locator("#compare-form input[name=a]").FillAsync(insights.FastTraceId);
            await page.Locator("#compare-form input[name=b]").FillAsync($"1-{slow[..8]}-{slow[8..]}");
            await page.Locator("#compare-form button").ClickAsync();

            await Expect(page.Locator("#compare-table tr.compare-row")).ToHaveCountAsync(4);
            await Expect(page.Locator("#trace-b")).ToContainTextAsync(slow);

            await page.Locator("#compare-form input[name=b]").FillAsync("not-a-trace");
            await page.Locator("#compare-form button").ClickAsync();
            await Expect(page.Locator("#compare-error")).ToContainTextAsync("b: Must be 32 hex characters");
        });

    [Fact]
    public Task XRaySegmentsPage_LinksOut_DashboardXRayConsoleAndRollbarItemLinked_HoneycombOffSaysWhy() =>
        chromium.RunPageAsync(nameof(XRaySegmentsPage_LinksOut_DashboardXRayConsoleAndRollbarItemLinked_HoneycombOffSaysWhy), async page =>
        {
            var id = insights.RollbarTraceId;
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.GotoAsync(Url($"/xray-segments?traceId={id}"));

            await Expect(page.Locator("#dashboard-link")).ToHaveAttributeAsync("href", $"{insights.Dashboard.Url}/traces/detail/{id}");
            await Expect(page.Locator("#xray-link")).ToHaveAttributeAsync("href",
                $"https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#xray:traces/1-{id[..8]}-{id[8..]}");
            await Expect(page.Locator("#xray-link")).ToHaveAttributeAsync("target", "_blank");
            await Expect(page.Locator(".rollbar-link")).ToHaveAttributeAsync("href", $"https://rollbar.com/item/uuid/?uuid={AnalysisInsightsFixture.RollbarUuid}");
            await Expect(page.Locator("#honeycomb-link.link-off")).ToHaveAttributeAsync("title", new Regex("HONEYCOMB_API_KEY is not set"));
            await ChromiumFixture.CaptureIfRequestedAsync(page, "trace-links");
        });

    private string Url(string path) => new Uri(Server.Url, path).ToString();
}

/// <summary>
/// Insights holding a route with a slow user and two calls gateway → api → database (one failing), its
/// trace links pointing at a stand-in Aspire dashboard.
/// </summary>
public sealed class AnalysisInsightsFixture : IAsyncLifetime
{
    public const string SlowRoute = "/api/activities/search";
    public const string RollbarUuid = "5f0c2a1e-8b7d-4c3e-9a61-0d2f4e6b8c10";

    internal DashboardStub Dashboard { get; private set; } = null!;
    internal InsightsServer Server { get; private set; } = null!;
    internal string FastTraceId { get; private set; } = "";
    internal string SlowTraceId { get; private set; } = "";
    internal string RollbarTraceId { get; } = OtlpSamples.NewTraceId();

    public async ValueTask InitializeAsync()
    {
        Dashboard = await DashboardStub.StartAsync();
        // A region for the X-Ray link; no Honeycomb key, whatever the machine has set.
        Server = await InsightsServer.StartAsync(new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "us-east-1",
            ["HONEYCOMB_API_KEY"] = "",
            ["Insights:Dashboard:Url"] = Dashboard.Url,
        });
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
        await Server.WaitForAsync<RouteTable>("/api/routes", t => t.Routes.Count == 3);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Dashboard.DisposeAsync();
    }
}
