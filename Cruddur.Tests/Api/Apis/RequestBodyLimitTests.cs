using System.Net;
using System.Text;

namespace Cruddur.Tests.Api.Apis;

/// <summary>
/// The 1 MB body limit is Kestrel's, so these tests run the api on real Kestrel (a free port on
/// 127.0.0.1) rather than the in-memory test server, which has no body limit.
/// </summary>
public sealed class RequestBodyLimitTests : IAsyncDisposable
{
    private const int OneMegabyte = 1024 * 1024;

    // Production: no developer exception page to hide a missing handler behind.
    private readonly CruddurApiFactory _factory = new(environment: "Production");
    private readonly HttpClient _client;

    public RequestBodyLimitTests()
    {
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        _client = _factory.CreateClient();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task PostActivity_BodyOver1MbWithContentLength_Returns413Problem()
    {
        using var content = new StringContent(Body(OneMegabyte + 1), Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync("/api/activities", content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is larger than 1048576 bytes.", problem.Detail);
    }

    [Fact]
    public async Task PostMessage_ChunkedBodyOver1Mb_Returns413Problem()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body(2 * OneMegabyte))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request, Ct);

        await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PostActivity_BodyJustUnder1Mb_IsReadAndValidated()
    {
        // Under the limit the body is read: the long message is then the original's 422, not a 413.
        using var content = new StringContent(Body(OneMegabyte - 64), Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync("/api/activities", content, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["message_exceed_max_chars"], await response.ReadJsonAsync<string[]>());
    }

    private static string Body(int totalBytes)
    {
        const string prefix = "{\"ttl\":\"1-day\",\"user_receiver_handle\":\"worf\",\"message\":\"";
        const string suffix = "\"}";
        return prefix + new string('x', totalBytes - prefix.Length - suffix.Length) + suffix;
    }
}
