using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;

namespace Cruddur.Tests.Gateway;

/// <summary>Cluster <c>api</c>'s destination <c>http://api</c>, resolved by service discovery from <c>services:api:http:0</c>.</summary>
public sealed class GatewayServiceDiscoveryTests
{
    [Fact]
    public async Task Proxy_ApiAddressSetting_ResolvesDestinationByServiceDiscovery()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync("/api/activities/home", cancel);

        response.EnsureSuccessStatusCode();
        var received = Assert.Single(upstream.Received);
        // The api is called by its resolved address, not by the name "api".
        Assert.Equal(upstream.Address.Authority, received.Headers["Host"]);
        // appsettings.json names the service; the address comes only from services:api:http:0.
        Assert.Equal("http://api", gateway.Services.GetRequiredService<IConfiguration>()["ReverseProxy:Clusters:api:Destinations:api:Address"]);
        Assert.True(gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("api", out var cluster));
        var destination = Assert.Single(cluster.Destinations.Values);
        Assert.Equal(upstream.Address, new Uri(destination.Model.Config.Address));
    }
}
