using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Cruddur.Tests.Insights.Otlp;

public sealed class OtlpApiKeyTests : IAsyncLifetime
{
    private const string Key = "otlp-secret-key";
    private InsightsServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InsightsServer.StartAsync(new Dictionary<string, string?>
    {
        ["Dashboard:Otlp:ApiKey"] = Key,
        ["Dashboard:Otlp:AllowedOrigins:0"] = "http://localhost:3000",
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData(Key, HttpStatusCode.OK)]
    public async Task PostTraces_ApiKeyConfigured_OnlyTheKeyIsAccepted(string? sent, HttpStatusCode expected)
    {
        using var client = new HttpClient { BaseAddress = _server.HttpUrl };
        using var content = new ByteArrayContent(OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId()).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (sent is not null)
        {
            content.Headers.Add("x-otlp-api-key", sent);
        }

        using var response = await client.PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(null, 16)]
    [InlineData("wrong-key", 16)]
    [InlineData(Key, 0)]
    public async Task ExportGrpc_ApiKeyConfigured_UnauthenticatedWithoutIt(string? sent, int expected)
    {
        var (status, _, _) = await GrpcCall.SendAsync(_server.GrpcUrl, GrpcCall.TraceExport, OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId()), apiKey: sent);

        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://evil.example", false)]
    public async Task Preflight_FromOrigin_AllowedOnlyForConfiguredOrigins(string origin, bool allowed)
    {
        using var client = new HttpClient { BaseAddress = _server.HttpUrl };
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/traces");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-otlp-api-key");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        if (allowed)
        {
            Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        }
    }
}
