using System.Net;
using Cruddur.Tests.Api;

namespace Cruddur.Tests.Gateway;

/// <summary>The real gateway in front of the real api (both in process, on loopback ports): what a caller of the gateway gets.</summary>
public sealed class GatewayToApiTests : IAsyncDisposable
{
    private readonly CruddurApiFactory _api = new();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("/api/activities/home")]
    [InlineData("/api/activities/@a@b")]
    [InlineData("/api/messages/@worf")]
    [InlineData("/api/activities/search")]
    public async Task Head_ThroughGateway_AnswersAsGetWithoutBody(string path)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var gateway = GatewayHost.Start(_api.StartOnLoopback());

        var get = await RawHttpClient.SendAsync(gateway.Address, "GET", path, cancellation);
        var head = await RawHttpClient.SendAsync(gateway.Address, "HEAD", path, cancellation);

        Assert.Equal(get.Status, head.Status);
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.NotEqual("", get.Body);
        Assert.Equal("", head.Body);
    }

    [Theory]
    [InlineData("/api/activities/@a@b")]
    [InlineData("/api/messages/@a@b")]
    public async Task Get_HandleContainingAtThroughGateway_Returns200(string path)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var gateway = GatewayHost.Start(_api.StartOnLoopback());
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync(path, cancellation);

        Assert.Equal((HttpStatusCode.OK, "[]"), (response.StatusCode, await response.Content.ReadAsStringAsync(cancellation)));
    }
}
