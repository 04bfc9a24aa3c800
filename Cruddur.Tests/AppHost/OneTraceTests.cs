using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;

namespace Cruddur.Tests.AppHost;

[Collection(AppHostCollection.Name)]
public sealed class OneTraceTests(AppHostFixture fixture)
{
    [Fact]
    public async Task RequestThroughGateway_DashboardHoldsOneTrace_ApiServerSpanDescendsFromGatewayServerSpan()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var response = await SendAsync(traceId, "/api/activities/home", cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var client = fixture.App.CreateDashboardClient();
        var dashboard = new DashboardTelemetry(client);
        var spans = await DashboardTelemetry.WaitForAsync(token => dashboard.TraceAsync(traceId, token),
            found => found.Any(IsApiServer) && found.Any(span => span.Service == "gateway" && span.Kind == DashboardSpan.ClientKind),
            $"trace {traceId} from both services", cancellation);
        var gatewayServer = Assert.Single(spans, span => span.Service == "gateway" && span.Kind == DashboardSpan.ServerKind);
        var forwarder = Assert.Single(spans, span => span.Service == "gateway" && span.Kind == DashboardSpan.ClientKind);
        var apiServer = Assert.Single(spans, IsApiServer);
        Assert.Equal("GET /api/activities/home", gatewayServer.Name);
        Assert.Equal("GET /api/activities/home", apiServer.Name);
        Assert.Equal(gatewayServer.SpanId, forwarder.ParentSpanId);
        Assert.Equal(forwarder.SpanId, apiServer.ParentSpanId);
        Assert.Contains(spans, span => span.Service == "api" && span.Name == "home-activities-mock-data" && span.ParentSpanId == apiServer.SpanId);
    }

    [Fact]
    public async Task RequestThroughGateway_ApiAccessLogInTheDashboard_CarriesTheTraceAndSpanId()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var response = await SendAsync(traceId, "/api/activities/notifications", cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var client = fixture.App.CreateDashboardClient();
        var dashboard = new DashboardTelemetry(client);
        var logs = await DashboardTelemetry.WaitForAsync(token => dashboard.LogsAsync(traceId, "api", token),
            found => found.Any(log => log.Scope == "Cruddur.AccessLog"), $"the api's access log line of {traceId}", cancellation);
        var spans = await DashboardTelemetry.WaitForAsync(token => dashboard.TraceAsync(traceId, token),
            found => found.Any(IsApiServer), $"the api's server span of {traceId}", cancellation);
        var accessLog = Assert.Single(logs, log => log.Scope == "Cruddur.AccessLog");
        Assert.Equal(traceId, accessLog.TraceId);
        Assert.Equal(Assert.Single(spans, IsApiServer).SpanId, accessLog.SpanId);
        Assert.Contains("GET http /api/activities/notifications 200", accessLog.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardTelemetryApi_WithoutKey_Returns401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.GetEndpoint("aspire-dashboard", "http") };

        using var response = await anonymous.GetAsync("/api/telemetry/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DashboardOtlpHttp_PreflightFromTheFrontEnd_IsAllowed()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.GetEndpoint("aspire-dashboard", "otlp-http") };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/traces");
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,traceparent");

        using var response = await client.SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal("http://localhost:3000", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private static bool IsApiServer(DashboardSpan span) => span.Service == "api" && span.Kind == DashboardSpan.ServerKind;

    private async Task<HttpResponseMessage> SendAsync(string traceId, string path, CancellationToken cancellationToken)
    {
        // No propagator on this client: the test process's own listeners must not replace the header.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = fixture.App.GetEndpoint("gateway"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return await caller.SendAsync(request, cancellationToken);
    }
}
