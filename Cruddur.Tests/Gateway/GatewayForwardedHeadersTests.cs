using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Cruddur.Tests.Gateway;

public sealed class GatewayForwardedHeadersTests
{
    [Fact]
    public async Task Proxy_Request_SendsXForwardedForProtoAndHost()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync("/api/activities/home", cancel);

        var received = Assert.Single(upstream.Received);
        Assert.Equal("127.0.0.1", received.Headers["X-Forwarded-For"]);
        Assert.Equal("http", received.Headers["X-Forwarded-Proto"]);
        Assert.Equal(gateway.Address.Authority, received.Headers["X-Forwarded-Host"]);
        // The api side applied them: it sees the gateway's public host, not its own address.
        Assert.Equal(gateway.Address.Authority, received.Host);
    }

    [Fact]
    public async Task Proxy_ForgedXForwardedFor_DoesNotBecomeClientAddress()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request, cancel);

        var received = Assert.Single(upstream.Received);
        Assert.Equal("127.0.0.1", received.Headers["X-Forwarded-For"]);
        Assert.Equal("127.0.0.1", received.ClientAddress);
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, cancel);
        Assert.Equal("127.0.0.1", echoed!.ClientAddress);
    }

    [Fact]
    public async Task Api_XForwardedForFromLoopbackProxy_BecomesClientAddress()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        using var direct = new HttpClient { BaseAddress = upstream.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("X-Forwarded-For", "198.51.100.20");

        using var response = await direct.SendAsync(request, cancel);

        Assert.Equal("198.51.100.20", Assert.Single(upstream.Received).ClientAddress);
    }

    [Fact]
    public void TrustedProxies_AddressesAndNetworks_AreKnown()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cruddur:TrustedProxies:0"] = "10.0.0.5",
            ["Cruddur:TrustedProxies:1"] = "172.16.0.0/12",
        }).Build();

        var options = ForwardedHeadersExtensions.CreateOptions(configuration);

        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(System.Net.IPAddress.Loopback, options.KnownProxies);
        Assert.Contains(options.KnownIPNetworks, network => network.ToString() == "172.16.0.0/12");
        Assert.Equal(1, options.ForwardLimit);
    }

    [Fact]
    public void TrustedProxies_InvalidEntry_FailsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cruddur:TrustedProxies:0"] = "gateway.internal",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ForwardedHeadersExtensions.CreateOptions(configuration));

        Assert.Contains("Cruddur:TrustedProxies", error.Message, StringComparison.Ordinal);
    }
}
