using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cruddur.Tests.Distributed;

[Collection(AppHostCollection.Name)]
public sealed class OneTraceTests(AppHostFixture fixture)
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequestThroughGateway_DashboardHoldsOneLinkedTrace_AndTheApiAccessLogCarriesItsTraceId()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        // No propagator on this client: the test process's own listeners must not replace the header.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = fixture.App.GetEndpoint("gateway"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await caller.SendAsync(request, cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var dashboard = DashboardClient();
        var spans = await PollAsync(dashboard, $"/api/telemetry/traces/{traceId}", trace =>
        {
            var found = trace.GetProperty("spans").EnumerateArray().ToList();
            return found.Any(s => Service(s) == "cruddur-api" && Kind(s) == "Server")
                && found.Any(s => Service(s) == "cruddur-gateway" && Kind(s) == "Client") ? found : null;
        });
        var gatewayServer = Assert.Single(spans, s => Service(s) == "cruddur-gateway" && Kind(s) == "Server");
        var gatewayClient = Assert.Single(spans, s => Service(s) == "cruddur-gateway" && Kind(s) == "Client");
        var apiServer = Assert.Single(spans, s => Service(s) == "cruddur-api" && Kind(s) == "Server");
        Assert.Equal("GET /api/activities/home", gatewayServer.GetProperty("name").GetString());
        Assert.Equal(Id(gatewayServer), gatewayClient.GetProperty("parentSpanId").GetString());
        Assert.Equal(Id(gatewayClient), apiServer.GetProperty("parentSpanId").GetString());
        Assert.Equal("GET /api/activities/home", apiServer.GetProperty("name").GetString());

        var logs = await PollAsync(dashboard, $"/api/telemetry/logs?traceId={traceId}&service=cruddur-api", page =>
        {
            var items = page.GetProperty("items").EnumerateArray().ToList();
            return items.Any(log => log.GetProperty("scope").GetString() == "Cruddur.AccessLog") ? items : null;
        });
        var accessLog = Assert.Single(logs, log => log.GetProperty("scope").GetString() == "Cruddur.AccessLog");
        Assert.Equal(traceId, accessLog.GetProperty("traceId").GetString());
        Assert.Equal(Id(apiServer), accessLog.GetProperty("spanId").GetString());
    }

    [Fact]
    public async Task DashboardApi_WithoutKey_Returns401()
    {
        using var anonymous = fixture.App.CreateHttpClient("dashboard");

        using var response = await anonymous.GetAsync("/api/telemetry/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private HttpClient DashboardClient()
    {
        var client = fixture.App.CreateHttpClient("dashboard");
        client.DefaultRequestHeaders.Add("x-dashboard-api-key", fixture.App.GetParameter("dashboard-api-key").Value);
        return client;
    }

    private static async Task<List<JsonElement>> PollAsync(HttpClient client, string path, Func<JsonElement, List<JsonElement>?> probe)
    {
        var deadline = DateTime.UtcNow + ExportWait;
        while (true)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK
                && probe(await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not show the expected telemetry within {ExportWait}.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static string? Service(JsonElement span) => span.GetProperty("service").GetString();

    private static string? Kind(JsonElement span) => span.GetProperty("kind").GetString();

    private static string? Id(JsonElement span) => span.GetProperty("spanId").GetString();
}
