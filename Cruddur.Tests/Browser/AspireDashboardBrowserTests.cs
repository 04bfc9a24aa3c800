using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Cruddur.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Browser;

/// <summary>The Aspire dashboard of the distributed tests' AppHost, in headless Chromium, as a developer uses it.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AspireDashboardBrowserTests(AppHostFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public Task LoginLink_ThenTraceDetail_ShowsTheGatewayToApiTrace() =>
        chromium.RunPageAsync(nameof(LoginLink_ThenTraceDetail_ShowsTheGatewayToApiTrace), async page =>
        {
            var cancellation = TestContext.Current.CancellationToken;
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using (var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = fixture.App.GetEndpoint("gateway") })
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/@andrewbrown"))
            {
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                using var response = await caller.SendAsync(request, cancellation);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var client = fixture.App.CreateDashboardClient();
            var dashboard = new DashboardTelemetry(client);
            await DashboardTelemetry.WaitForAsync(token => dashboard.TraceAsync(traceId, token),
                spans => spans.Any(span => span.Service == "api" && span.Kind == DashboardSpan.ServerKind), $"trace {traceId}", cancellation);
            var login = await fixture.App.GetDashboardUrlAsync(cancellation);

            // The login link signs the browser in and lands on the dashboard, not on its sign-in page.
            await page.GotoAsync(login.ToString());
            await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
            await page.GotoAsync(new Uri(login, $"/traces/detail/{traceId}").ToString());

            // One row per span: the gateway's server span, its forwarder call, the api's server span under it.
            var gatewayRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "GET /api/activities/@andrewbrown" });
            var apiRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "GET /api/activities/@{handle}" });
            // The second column is the span's resource.
            await Expect(gatewayRow.GetByRole(AriaRole.Gridcell).Nth(1)).ToHaveTextAsync("gateway");
            await Expect(apiRow.GetByRole(AriaRole.Gridcell).Nth(1)).ToHaveTextAsync("api");
            await Expect(page.Locator("main").First).ToContainTextAsync("Resources 2");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "aspire-trace-detail");
        });

    [Fact]
    public Task InsightsHeatmapSelection_TraceLink_OpensTheTraceOnTheAspireDashboard() =>
        chromium.RunPageAsync(nameof(InsightsHeatmapSelection_TraceLink_OpensTheTraceOnTheAspireDashboard), async page =>
        {
            var cancellation = TestContext.Current.CancellationToken;
            using (var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = fixture.App.GetEndpoint("gateway") })
            {
                for (var i = 0; i < 5; i++)
                {
                    using var response = await caller.GetAsync("/api/messages/@worf", cancellation);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }

            using var insights = await fixture.App.CreateInsightsClientAsync();
            await DashboardTelemetry.WaitForAsync(
                async token => await insights.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/heatmap?service=api&route=%2Fapi%2Fmessages%2F%40%7Bhandle%7D", token),
                heatmap => heatmap.GetProperty("total").GetInt32() >= 5, "the messages route on Insights' heatmap", cancellation);
            // Signed in to both, as a developer is after opening the two links the AppHost shows.
            await page.GotoAsync((await fixture.App.GetDashboardUrlAsync(cancellation)).ToString());
            Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("insights", out var state));
            var insightsLogin = new Uri(state.Snapshot.Urls.Single(url => url.DisplayProperties.DisplayName == "Insights").Url);
            await page.GotoAsync(insightsLogin.ToString());
            await page.GotoAsync(new Uri(insightsLogin, "/heatmap?service=api&route=" + Uri.EscapeDataString("/api/messages/@{handle}")).ToString());
            await Expect(page.Locator("#heatmap-summary")).ToContainTextAsync("requests from");

            // A region over the whole plot (right of the duration axis, above the time axis) selects every request.
            var box = (await page.Locator("#heatmap").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + 80, box.Y + 14);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2), new() { Steps = 5 });
            await page.Mouse.MoveAsync(box.X + box.Width - 14, box.Y + box.Height - 30, new() { Steps = 5 });
            await page.Mouse.UpAsync();
            var link = page.Locator("#selection-table a.dashboard-link").First;
            var traceId = await link.Locator("xpath=ancestor::tr").GetAttributeAsync("data-trace-id");
            var dashboard = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());

            await Expect(dashboard).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/traces/detail/{traceId}$"));
            // Other tests send GET and HEAD on this route too: the method is not what is checked.
            var apiRow = dashboard.GetByRole(AriaRole.Row).Filter(new() { HasText = " /api/messages/@{handle}" }).Last;
            await Expect(apiRow.GetByRole(AriaRole.Gridcell).Nth(1)).ToHaveTextAsync("api");
        });
}
