using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Cruddur.Tests.Gateway;

/// <summary>YARP's routes and the transforms configured in appsettings.json.</summary>
public sealed class GatewayRoutingTests
{
    /// <summary>The api's paths (method, path and query, body, status the api answers).</summary>
    internal static readonly (string Method, string PathAndQuery, string Body, int Status)[] ApiCalls =
    [
        ("GET", "/api/activities/home", "", 200),
        ("GET", "/api/activities/notifications", "", 200),
        ("GET", "/api/activities/@andrewbrown", "", 200),
        ("GET", "/api/activities/search?term=hello%20world&page=2", "", 200),
        ("POST", "/api/activities", """{"handle":"andrewbrown","message":"hi","ttl":"7-days"}""", 200),
        ("POST", "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply", """{"message":"a reply"}""", 200),
        ("POST", "/api/activities", """{"handle":"andrewbrown","message":""}""", 422),
        ("GET", "/api/message_groups", "", 200),
        ("GET", "/api/messages/@londo", "", 200),
        ("POST", "/api/messages", """{"handle":"londo","message":"hello"}""", 200),
        ("GET", "/api/activities/00000000-0000-0000-0000-000000000000", "", 404),
        ("GET", "/rollbar/test", "", 200),
        ("HEAD", "/api/activities/home", "", 200),
    ];

    public static TheoryData<string, string, string, int> ApiPaths()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var (method, pathAndQuery, body, status) in ApiCalls)
        {
            data.Add(method, pathAndQuery, body, status);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApiPaths))]
    public async Task Proxy_ApiPath_PassesMethodPathQueryBodyAndStatusUnchanged(string method, string pathAndQuery, string body, int status)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        request.Headers.Add(UpstreamStandIn.StatusHeader, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, cancel);

        Assert.Equal(status, (int)response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.Equal(method, received.Method);
        Assert.Equal(pathAndQuery, received.Path + received.Query);
        Assert.Equal(body, received.Body);
        if (method != "HEAD")
        {
            var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, cancel);
            Assert.Equal(body, echoed!.Body);
        }
    }

    [Fact]
    public async Task Proxy_PathOutsideRoutes_Returns404ProblemWithoutForwarding()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync("/internal/secrets", cancel);

        var problem = await GatewayProtectionTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Nothing is served at /internal/secrets; the gateway forwards /api/{**rest}, /rollbar/{**rest}.", problem.Detail);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task Proxy_UpstreamServerBanner_IsRemovedAndGatewaySendsNone()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var direct = new HttpClient { BaseAddress = upstream.Address };

        using var upstreamResponse = await direct.GetAsync("/api/activities/home", cancel);
        using var proxied = await client.GetAsync("/api/activities/home", cancel);
        using var own = await client.GetAsync("/health", cancel);

        Assert.Contains("Kestrel", upstreamResponse.Headers.Server.ToString(), StringComparison.Ordinal);
        Assert.Empty(proxied.Headers.Server);
        Assert.Empty(own.Headers.Server);
    }

    [Fact]
    public async Task Proxy_HopByHopHeaders_AreNotForwarded()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("X-Cruddur-Kept", "yes");

        using var response = await client.SendAsync(request, cancel);

        var received = Assert.Single(upstream.Received);
        Assert.Equal("yes", received.Headers["X-Cruddur-Kept"]);
        Assert.False(received.Headers.ContainsKey("Keep-Alive"));
        Assert.False(received.Headers.ContainsKey("Proxy-Connection"));
    }

    [Fact]
    public async Task Proxy_Request_CarriesTraceparentAndXRayHeaderOfTheSameTraceUpstream()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using var response = await client.SendAsync(request, cancel);

        var forwarded = Assert.Single(upstream.Received);
        var traceparent = forwarded.Headers["traceparent"];
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", traceparent, StringComparison.Ordinal);
        Assert.DoesNotContain("b7ad6b7169203331", traceparent, StringComparison.Ordinal);
        // The same trace and parent in X-Ray's form: Root=1-{8 hex}-{24 hex};Parent={the forwarder span}.
        // X-Ray is off in this gateway, so it claims no sampling decision (Sampled absent: downstream decides).
        var parent = traceparent!.Split('-')[2];
        Assert.Equal($"Root=1-0af76519-16cd43dd8448eb211c80319c;Parent={parent}", forwarded.Headers["X-Amzn-Trace-Id"]);
    }
}
