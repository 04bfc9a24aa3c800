using System.Net;

namespace Cruddur.Tests.Gateway;

public sealed class GatewayCorsTests
{
    private const string Frontend = "http://localhost:3000";
    private const string Stranger = "http://evil.example";

    [Fact]
    public async Task Preflight_FromFrontend_IsAnsweredByGatewayWithTheOriginalRules()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        using var response = await client.SendAsync(Preflight(Frontend), cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("OPTIONS,GET,HEAD,POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type,if-modified-since,authorization,traceparent,tracestate", Header(response, "Access-Control-Allow-Headers"));
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task Preflight_FromFrontendAskingAuthorizationAndTraceContext_AllowsThem()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var preflight = Preflight(Frontend);
        preflight.Headers.Remove("Access-Control-Request-Headers");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,traceparent,tracestate");

        using var response = await client.SendAsync(preflight, cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        var allowed = Header(response, "Access-Control-Allow-Headers")!.Split(',');
        Assert.Contains("authorization", allowed);
        Assert.Contains("traceparent", allowed);
        Assert.Contains("tracestate", allowed);
    }

    [Fact]
    public async Task Preflight_FromOtherOrigin_HasNoCorsHeaders()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        using var response = await client.SendAsync(Preflight(Stranger), cancel);

        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task Get_FromFrontend_AllowsOriginAndExposesLocationAndLink()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("Origin", Frontend);

        using var response = await client.SendAsync(request, cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("location,link", Header(response, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Get_FromOtherOrigin_IsForwardedWithoutCorsHeaders()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("Origin", Stranger);

        using var response = await client.SendAsync(request, cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Get_FromBackendUrlOrigin_IsAllowed()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address, new Dictionary<string, string?>
        {
            ["FRONTEND_URL"] = "https://3000-workspace.example/",
            ["BACKEND_URL"] = "https://4567-workspace.example",
        });
        using var client = gateway.CreateGatewayClient();

        using var fromBackend = await client.SendAsync(Preflight("https://4567-workspace.example"), cancel);
        using var fromFrontend = await client.SendAsync(Preflight("https://3000-workspace.example"), cancel);
        using var fromDefault = await client.SendAsync(Preflight(Frontend), cancel);

        Assert.Equal("https://4567-workspace.example", Header(fromBackend, "Access-Control-Allow-Origin"));
        Assert.Equal("https://3000-workspace.example", Header(fromFrontend, "Access-Control-Allow-Origin"));
        Assert.Null(Header(fromDefault, "Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/activities");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
}
