using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cruddur.AppHost.Hosting;
using Cruddur.Dashboard.Resources;
using Cruddur.Tests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Distributed;

[Collection(AppHostCollection.Name)]
public sealed class ResourcesPageTests(AppHostFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ListResources_AppHostRunning_ShowsFourResourcesWithMaskedSecretsAndConsole()
    {
        using var dashboard = DashboardClient();

        var list = await PollAsync(dashboard, list =>
            list.Items.Count == 4 && list.Items.All(item => item.State is "Healthy" or "Running") && list.Items.All(item => item.Console?.Count > 0));

        Assert.Equal(["api", "dashboard", "gateway", "xray-daemon"], list.Items.Select(item => item.Name));
        var api = list.Items.Single(item => item.Name == "api");
        Assert.Equal("Healthy", api.Health);
        Assert.NotNull(api.StartedAt);
        Assert.Equal(fixture.App.GetProcessId("api"), api.ProcessId);
        Assert.Equal([fixture.App.GetEndpoint("api").ToString().TrimEnd('/')], api.Urls);
        Assert.Equal("***", api.Environment!["OTEL_EXPORTER_OTLP_HEADERS"]);
        var dashboardItem = list.Items.Single(item => item.Name == "dashboard");
        Assert.Equal("***", dashboardItem.Environment!["Dashboard__Api__ApiKey"]);
        Assert.Equal("***", dashboardItem.Environment!["Dashboard__Resources__ApiKey"]);
        // No secret value the AppHost holds appears anywhere in what the page shows.
        var json = await dashboard.GetStringAsync("/api/resources", TestContext.Current.CancellationToken);
        foreach (var secret in new[] { "dashboard-api-key", "dashboard-otlp-api-key", "dashboard-browser-token", "dashboard-resource-service-key" })
        {
            Assert.DoesNotContain(fixture.App.GetParameter(secret).Value!, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RestartResource_Api_ComesBackHealthyWithANewProcess()
    {
        using var dashboard = DashboardClient();
        await PollAsync(dashboard, list => list.Items.Any(item => item.Name == "api" && item.State == "Healthy"));
        var before = fixture.App.GetProcessId("api");

        using var restart = await dashboard.PostAsync("/api/resources/api/restart", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var list = await PollAsync(dashboard, list =>
            list.Items.Any(item => item.Name == "api" && item.State == "Healthy" && item.ProcessId is { } id && id != before));
        var api = list.Items.Single(item => item.Name == "api");
        Assert.NotEqual(before, api.ProcessId);
        using var timeout = new CancellationTokenSource(Wait);
        await fixture.App.WaitForResourceReadyAsync("api", timeout.Token);
        using var gateway = fixture.App.CreateHttpClient("gateway");
        using var response = await gateway.GetAsync("/api/activities/home", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public Task ResourcesPage_InChromium_ListsTheFourResources_AndOpensMaskedEnvironmentAndConsole() =>
        chromium.RunPageAsync(nameof(ResourcesPage_InChromium_ListsTheFourResources_AndOpensMaskedEnvironmentAndConsole), async page =>
        {
            using (var dashboard = DashboardClient())
            {
                await PollAsync(dashboard, list => list.Items.Count == 4 && list.Items.All(item => item.State is "Healthy" or "Running"));
            }
            var ui = fixture.App.GetEndpoint("dashboard");
            await page.GotoAsync(new Uri(ui, $"/login?t={Uri.EscapeDataString(fixture.App.GetParameter("dashboard-browser-token").Value!)}").ToString());
            await page.Locator(".sidebar a", new() { HasText = "Resources" }).ClickAsync();

            var rows = page.Locator("#resources-table tr.resource-row");
            await Expect(rows).ToHaveCountAsync(4);
            foreach (var name in new[] { "api", "dashboard", "gateway", "xray-daemon" })
            {
                await Expect(page.Locator($"#resources-table tr[data-name='{name}'] .state")).ToHaveTextAsync(new Regex("^(Healthy|Running)$"));
            }
            await ChromiumFixture.CaptureIfRequestedAsync(page, "resources");

            await page.Locator("#resources-table tr[data-name='api']").ClickAsync();
            var detail = page.Locator("#resources-table tr.resource-detail");
            await Expect(detail.Locator("tr", new() { HasText = "OTEL_EXPORTER_OTLP_HEADERS" })).ToContainTextAsync("***");
            await Expect(detail.Locator("pre.console")).Not.ToBeEmptyAsync();
            var shown = await page.ContentAsync();
            foreach (var secret in new[] { "dashboard-api-key", "dashboard-otlp-api-key", "dashboard-browser-token", "dashboard-resource-service-key" })
            {
                Assert.DoesNotContain(fixture.App.GetParameter(secret).Value!, shown, StringComparison.Ordinal);
            }
        });

    private HttpClient DashboardClient()
    {
        var client = fixture.App.CreateHttpClient("dashboard");
        client.DefaultRequestHeaders.Add("x-dashboard-api-key", fixture.App.GetParameter("dashboard-api-key").Value);
        return client;
    }

    private static async Task<ResourceList> PollAsync(HttpClient client, Func<ResourceList, bool> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        ResourceList? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<ResourceList>("/api/resources", TestContext.Current.CancellationToken);
            if (last is not null && done(last))
            {
                return last;
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"The Resources list did not reach the expected state: {string.Join(", ", last?.Items.Select(item => $"{item.Name}={item.State}/{item.ProcessId}") ?? [])}");
        return last!;
    }
}
