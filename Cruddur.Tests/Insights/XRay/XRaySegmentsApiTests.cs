using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.Insights.XRay;

public sealed class XRaySegmentsApiTests : IAsyncLifetime
{
    private const string Key = "otlp-segments-key";
    private InsightsServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Otlp:ApiKey"] = Key });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PostSegments_ThenGetTrace_ListsDocumentsWithRejectionsFlagged()
    {
        var traceId = XRayTraceIds.NewTraceId(TimeProvider.System).ToHexString();
        var xrayId = $"1-{traceId[..8]}-{traceId[8..]}";
        var good = $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad8","trace_id":"{{xrayId}}","start_time":1,"end_time":2}""";
        var bad = $$"""{"name":"GET /x?y","id":"53995c3f42cd8ad9","trace_id":"{{xrayId}}","start_time":1}""";
        var other = $$"""{"name":"other","id":"53995c3f42cd8ada","trace_id":"1-{{OtlpSamples.NewTraceId()[..8]}}-000000000000000000000001","start_time":1,"end_time":2}""";

        using var posted = await PostAsync(Body(good, bad, other), Key);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var client = _server.ApiClient();
        foreach (var id in new[] { traceId, xrayId })
        {
            var trace = await client.GetFromJsonAsync<JsonElement>($"/api/xray/segments/{id}", TestContext.Current.CancellationToken);
            Assert.Equal(traceId, trace.GetProperty("traceId").GetString());
            Assert.Equal(xrayId, trace.GetProperty("xRayTraceId").GetString());
            Assert.Equal(InsightsServer.DashboardTrace(traceId), trace.GetProperty("dashboardUrl").GetString());
            Assert.Equal(2, trace.GetProperty("count").GetInt32());
            Assert.Equal(1, trace.GetProperty("rejected").GetInt32());
            var documents = trace.GetProperty("documents").EnumerateArray().ToList();
            var accepted = Assert.Single(documents, d => d.GetProperty("id").GetString() == "53995c3f42cd8ad8");
            Assert.Empty(accepted.GetProperty("issues").EnumerateArray());
            Assert.Equal(good, accepted.GetProperty("document").GetString());
            var rejected = Assert.Single(documents, d => d.GetProperty("id").GetString() == "53995c3f42cd8ad9");
            Assert.Equal(["name_invalid", "end_time_missing"], rejected.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        }
    }

    [Fact]
    public async Task GetSegments_UnknownTrace_EmptyList_MalformedId_400()
    {
        using var client = _server.ApiClient();

        var empty = await client.GetFromJsonAsync<JsonElement>($"/api/xray/segments/{OtlpSamples.NewTraceId()}", TestContext.Current.CancellationToken);
        using var malformed = await client.GetAsync("/api/xray/segments/not-a-trace", TestContext.Current.CancellationToken);
        using var anonymous = new HttpClient { BaseAddress = _server.Url };
        using var unauthorized = await anonymous.GetAsync($"/api/xray/segments/{OtlpSamples.NewTraceId()}", TestContext.Current.CancellationToken);

        Assert.Equal(0, empty.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Theory]
    [InlineData(null, "application/json", """{"documents":[]}""", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "application/json", """{"documents":[]}""", HttpStatusCode.Unauthorized)]
    [InlineData(Key, "text/plain", """{"documents":[]}""", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(Key, "application/json", """{"documents":[""", HttpStatusCode.BadRequest)]
    [InlineData(Key, "application/json", """{"documents":[1]}""", HttpStatusCode.BadRequest)]
    [InlineData(Key, "application/json", """{"documents":[null]}""", HttpStatusCode.BadRequest)]
    [InlineData(Key, "application/json", """{}""", HttpStatusCode.BadRequest)]
    [InlineData(Key, "application/json", """{"documents":["not json at all"]}""", HttpStatusCode.OK)]
    public async Task PostSegments_BadRequests_AnsweredWithProblemNever500(string? key, string contentType, string body, HttpStatusCode expected)
    {
        using var response = await PostAsync(new StringContent(body, Encoding.UTF8, contentType), key);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task PostSegments_OverBodyLimit_413()
    {
        await using var small = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Otlp:MaxRequestBodyBytes"] = "1024" });
        using var client = new HttpClient { BaseAddress = small.Url };

        using var response = await client.PostAsync("/xray/segments", Body(new string('x', 2000)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static StringContent Body(params string[] documents) =>
        new(JsonSerializer.Serialize(new { documents }), Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostAsync(HttpContent content, string? key)
    {
        using var client = new HttpClient { BaseAddress = _server.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xray/segments") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("x-otlp-api-key", key);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
