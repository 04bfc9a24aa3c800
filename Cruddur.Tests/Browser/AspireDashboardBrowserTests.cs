using System.Diagnostics;
using System.Net;
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
}
