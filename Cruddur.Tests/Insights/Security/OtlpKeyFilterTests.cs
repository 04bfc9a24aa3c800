using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;

namespace Cruddur.Tests.Insights.Security;

/// <summary>Insights:Otlp:ApiKey guards what services and the X-Ray daemon post; without it they post freely.</summary>
public sealed class OtlpKeyFilterTests : IAsyncLifetime
{
    private const string Key = "otlp-secret-key";
    private InsightsServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Otlp:ApiKey"] = Key });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/v1/metrics", null, HttpStatusCode.Unauthorized)]
    [InlineData("/v1/metrics", "wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("/v1/metrics", Key, HttpStatusCode.OK)]
    [InlineData("/xray/segments", null, HttpStatusCode.Unauthorized)]
    [InlineData("/xray/segments", "wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("/xray/segments", Key, HttpStatusCode.OK)]
    public async Task Post_ApiKeyConfigured_OnlyTheKeyIsAccepted(string path, string? sent, HttpStatusCode expected)
    {
        using var response = await PostAsync(_server, path, sent);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/v1/metrics")]
    [InlineData("/xray/segments")]
    public async Task Post_NoApiKeyConfigured_AcceptedWithoutOne(string path)
    {
        await using var open = await InsightsServer.StartAsync();

        using var response = await PostAsync(open, path, sent: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(InsightsServer server, string path, string? sent)
    {
        using var client = new HttpClient { BaseAddress = server.Url };
        HttpContent content = path == "/v1/metrics"
            ? new ByteArrayContent(OtlpSamples.Metrics("cruddur-api", OtlpSamples.Counter("cruddur.rollbar.items.sent", 1)).ToByteArray())
            : new StringContent("""{"documents":[]}""", Encoding.UTF8, "application/json");
        if (path == "/v1/metrics")
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        }
        if (sent is not null)
        {
            content.Headers.Add("x-otlp-api-key", sent);
        }
        using (content)
        {
            return await client.PostAsync(path, content, TestContext.Current.CancellationToken);
        }
    }
}
