using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Cruddur.Tests.AppHost;

/// <summary>Insights under the AppHost: fed by the Aspire dashboard's telemetry API, read through its own.</summary>
[Collection(AppHostCollection.Name)]
public sealed class InsightsTests(AppHostFixture fixture)
{
    private static readonly TimeSpan FeedWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequestsThroughGateway_RoutesServiceMapAndHeatmapShowThem()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await SendAsync(5, "/api/activities/home", cancellation);
        using var insights = await fixture.App.CreateInsightsClientAsync();

        var routes = await WaitForAsync(insights, "/api/routes", body => Routes(body).Any(route =>
            route.GetProperty("service").GetString() == "api" && route.GetProperty("route").GetString() == "/api/activities/home"
            && route.GetProperty("count").GetInt32() >= 5), cancellation);
        var home = Routes(routes).First(route => route.GetProperty("service").GetString() == "api"
            && route.GetProperty("route").GetString() == "/api/activities/home");
        Assert.True(home.GetProperty("p50Ms").GetDouble() > 0);
        Assert.True(home.GetProperty("p99Ms").GetDouble() >= home.GetProperty("p90Ms").GetDouble());
        Assert.StartsWith(fixture.App.GetEndpoint("aspire-dashboard", "http").ToString().TrimEnd('/') + "/traces/detail/",
            home.GetProperty("slowestTrace").GetProperty("dashboardUrl").GetString(), StringComparison.Ordinal);

        var map = await WaitForAsync(insights, "/api/service-map", body => body.GetProperty("edges").EnumerateArray().Any(edge =>
            edge.GetProperty("from").GetString() == "gateway" && edge.GetProperty("to").GetString() == "api"), cancellation);
        Assert.Contains(map.GetProperty("nodes").EnumerateArray(), node => node.GetProperty("name").GetString() == "api");

        var heatmap = await insights.GetFromJsonAsync<JsonElement>("/api/heatmap?service=api&route=%2Fapi%2Factivities%2Fhome", cancellation);
        Assert.True(heatmap.GetProperty("total").GetInt32() >= 5);
        Assert.Equal(heatmap.GetProperty("total").GetInt32(),
            heatmap.GetProperty("counts").EnumerateArray().SelectMany(column => column.EnumerateArray()).Sum(cell => cell.GetInt32()));
    }

    [Fact]
    public async Task Spend_NamesEverySink()
    {
        using var insights = await fixture.App.CreateInsightsClientAsync();

        var spend = await insights.GetFromJsonAsync<JsonElement>("/api/spend", TestContext.Current.CancellationToken);

        Assert.Equal(["Honeycomb", "AWS X-Ray", "CloudWatch Logs", "Rollbar"],
            spend.GetProperty("sinks").EnumerateArray().Select(sink => sink.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task SpendSummaryCommand_AnswersAMarkdownTableOfTheFourSinks()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("insights", out var state));
        var insights = state.Resource;

        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync(insights, "spend-summary", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Equal(CommandResultFormat.Markdown, result.Data?.Format);
        Assert.Contains("| sink | this run | a month at this rate | free tier | share |", result.Data?.Value, StringComparison.Ordinal);
        Assert.Contains("| Rollbar |", result.Data?.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourcesPage_InsightsLink_SignsTheBrowserIn()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("insights", out var insights));

        var link = Assert.Single(insights.Snapshot.Urls, url => url.DisplayProperties.DisplayName == "Insights");

        Assert.Matches(@"^http://localhost:\d+/login\?t=[0-9a-zA-Z]{32}$", link.Url);
    }

    private async Task SendAsync(int count, string path, CancellationToken cancellationToken)
    {
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = fixture.App.GetEndpoint("gateway"),
        };
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await caller.SendAsync(request, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static IEnumerable<JsonElement> Routes(JsonElement body) => body.GetProperty("routes").EnumerateArray();

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string path, Func<JsonElement, bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + FeedWait;
        while (true)
        {
            var body = await client.GetFromJsonAsync<JsonElement>(path, cancellationToken);
            if (done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Insights' {path} did not show the requests within {FeedWait}: {body}");
            await Task.Delay(250, cancellationToken);
        }
    }
}
