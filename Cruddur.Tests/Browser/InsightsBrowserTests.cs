using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cruddur.Insights.Otlp;
using Cruddur.ServiceDefaults.XRay;
using Cruddur.Tests.Insights;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Browser;

/// <summary>Signing in, the sidebar, live updates and the X-Ray segments page, in headless Chromium.</summary>
public sealed class InsightsBrowserTests(ChromiumFixture chromium, InsightsFixture insights)
    : IClassFixture<ChromiumFixture>, IClassFixture<InsightsFixture>
{
    private InsightsServer Server => insights.Server;

    [Fact]
    public Task Page_WithoutToken_ShowsLoginFormAndPastedTokenSignsIn() =>
        chromium.RunPageAsync(nameof(Page_WithoutToken_ShowsLoginFormAndPastedTokenSignsIn), async page =>
        {
            await page.GotoAsync(Url("/routes"));

            await Expect(page.Locator("#login-form")).ToBeVisibleAsync();
            await Expect(page.Locator("#app")).ToHaveCountAsync(0);
            await ChromiumFixture.CaptureIfRequestedAsync(page, "login");

            await page.Locator("#token").FillAsync("wrong-token-value");
            await page.Locator("#login-form button").ClickAsync();
            await Expect(page.Locator(".login-error")).ToContainTextAsync("not valid");

            await page.Locator("#token").FillAsync(InsightsServer.Token);
            await page.Locator("#login-form button").ClickAsync();
            await Expect(page.Locator("#route-table")).ToBeVisibleAsync();
        });

    [Fact]
    public Task Sidebar_SignedIn_OnlyTheViewsTheAspireDashboardLacks() =>
        chromium.RunPageAsync(nameof(Sidebar_SignedIn_OnlyTheViewsTheAspireDashboardLacks), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));

            await Expect(page.Locator(".sidebar a")).ToHaveTextAsync(["Routes", "Service map", "Compare", "Spend", "X-Ray segments"]);
            await Expect(page.Locator(".sidebar a.active")).ToHaveTextAsync("Routes");
            // The pages read the API with the sign-in cookie alone.
            var answer = await page.EvaluateAsync<int>("fetch('/api/routes').then(r => r.status)");
            Assert.Equal(200, answer);
        });

    [Fact]
    public Task RoutesPage_NewRouteArrives_AppearsWithoutReload() =>
        chromium.RunPageAsync(nameof(RoutesPage_NewRouteArrives_AppearsWithoutReload), async page =>
        {
            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await Expect(page.Locator("#route-table")).ToBeVisibleAsync();
            var service = "cruddur-live-" + Guid.NewGuid().ToString("N")[..6];

            Server.Service<OtlpConverter>().Accept(OtlpSamples.OneTrace(service, OtlpSamples.NewTraceId(), "GET /api/activities/live"));

            await Expect(page.Locator($"#route-table tr.route-row[data-service='{service}']")).ToContainTextAsync("GET /api/activities/live");
        });

    [Fact]
    public Task XRaySegmentsPage_TraceIdFromTheForm_DocumentsPrettyCollapsibleWithRejectionsFlagged() =>
        chromium.RunPageAsync(nameof(XRaySegmentsPage_TraceIdFromTheForm_DocumentsPrettyCollapsibleWithRejectionsFlagged), async page =>
        {
            // An X-Ray-style id (it starts with the current time): a random W3C id often reads as "more than
            // 30 days old", and X-Ray would reject the good document too.
            var traceId = XRayTraceIds.NewTraceId(TimeProvider.System).ToHexString();
            var xrayId = $"1-{traceId[..8]}-{traceId[8..]}";
            var good = $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad8","trace_id":"{{xrayId}}","start_time":1,"end_time":2}""";
            var bad = $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad9","trace_id":"{{xrayId}}","start_time":1}""";
            using (var client = new HttpClient { BaseAddress = Server.Url })
            {
                using var posted = await client.PostAsync("/xray/segments",
                    new StringContent(JsonSerializer.Serialize(new { documents = new[] { good, bad } }), Encoding.UTF8, "application/json"),
                    TestContext.Current.CancellationToken);
                posted.EnsureSuccessStatusCode();
            }

            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "X-Ray segments" }).ClickAsync();
            await page.Locator("#segments-form input[name=traceId]").FillAsync(xrayId);
            await page.Locator("#segments-form button").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/xray-segments\\?traceId={Regex.Escape(xrayId)}$"));
            await Expect(page.Locator("#xray-summary")).ToContainTextAsync("2 documents; 1 X-Ray would reject");
            await Expect(page.Locator("#trace-id")).ToHaveTextAsync(traceId);
            // Not in Insights' store (no spans came), yet the Aspire dashboard may have it.
            await Expect(page.Locator("#dashboard-link")).ToHaveAttributeAsync("href", InsightsServer.DashboardTrace(traceId));
            var accepted = page.Locator("details[data-segment-id='53995c3f42cd8ad8']");
            var rejected = page.Locator("details[data-segment-id='53995c3f42cd8ad9']");
            await Expect(rejected).ToHaveClassAsync(new Regex("rejected"));
            await Expect(accepted).Not.ToHaveClassAsync(new Regex("rejected"));
            await Expect(rejected.Locator(".xray-issues")).ToContainTextAsync("end_time_missing");
            await Expect(rejected.Locator("pre.xray-json")).Not.ToBeVisibleAsync();

            await rejected.Locator("summary").ClickAsync();

            await Expect(rejected.Locator("pre.xray-json")).ToBeVisibleAsync();
            await Expect(rejected.Locator("pre.xray-json")).ToContainTextAsync("\n  \"id\": \"53995c3f42cd8ad9\"");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "xray-segments");
        });

    private string Url(string path) => new Uri(Server.Url, path).ToString();
}
