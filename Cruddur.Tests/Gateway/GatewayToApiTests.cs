using System.Net;
using System.Text.Json;
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
    [InlineData("/api/activities", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("/api/messages", HttpStatusCode.BadRequest)]
    [InlineData("/api/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("/not-routed", HttpStatusCode.NotFound)]
    public async Task Post_ErrorThroughGateway_IsProblemDetailsWithTraceId(string path, HttpStatusCode status)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var gateway = GatewayHost.Start(_api.StartOnLoopback());
        using var client = gateway.CreateGatewayClient();
        // 2 MB for the body limit, announced with Expect: 100-continue as curl does; valid JSON of the wrong shape for the others.
        var body = status == HttpStatusCode.RequestEntityTooLarge ? $"{{\"message\":\"{new string('a', 2 * 1024 * 1024)}\"}}" : "[1]";
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, cancellation);

        await GatewayProtectionTests.AssertProblemAsync(response, status);
    }

    [Fact]
    public async Task GetOpenApi_ThroughGatewayInDevelopment_Returns200WithTheApisDocumentServedFromTheGateway()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var gateway = GatewayHost.Start(_api.StartOnLoopback(), environment: "Development");
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync("/openapi/v1.json", cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/activities/@{handle}", out _));
        // The api read the gateway's X-Forwarded-Host: a client generated from the document calls the gateway.
        Assert.Equal(gateway.Address.ToString(), document.RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task GetOpenApi_ThroughGatewayOutsideDevelopment_Returns404()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var gateway = GatewayHost.Start(_api.StartOnLoopback(), environment: "Production");
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync("/openapi/v1.json", cancellation);

        await GatewayProtectionTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
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
