namespace Cruddur.Tests.Gateway;

public sealed class GatewayStartupTests
{
    [Fact]
    public async Task Start_WithGatewaySettings_ListensAndAnswersHealth()
    {
        await using var upstream = await UpstreamStandIn.StartAsync(TestContext.Current.CancellationToken);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        var response = await client.GetAsync("/api/activities/home", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", client.BaseAddress!.Host);
    }
}
