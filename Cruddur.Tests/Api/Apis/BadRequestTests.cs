using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Cruddur.Tests.Api.Apis;

/// <summary>Requests the endpoints cannot even bind: each gets a problem-details answer, never a 500.</summary>
public sealed class BadRequestTests : IAsyncDisposable
{
    // Production: no developer exception page to hide a missing handler behind.
    private readonly CruddurApiFactory _factory = new(environment: "Production");
    private readonly HttpClient _client;

    public BadRequestTests() => _client = _factory.CreateClient();

    public static TheoryData<string> BodyEndpoints =>
    [
        "/api/activities",
        "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply",
        "/api/messages",
    ];

    /// <summary>Each body endpoint, with the body it takes as its 400 says it.</summary>
    public static TheoryData<string, string> ExpectedBodies => new()
    {
        { "/api/activities", "a JSON object with message and ttl (strings)" },
        { "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply", "a JSON object with message (a string)" },
        { "/api/messages", "a JSON object with message and user_receiver_handle (strings)" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(ExpectedBodies))]
    public async Task Post_MalformedJson_Returns400ProblemSayingWhereAndWhatToSend(string path, string expected)
    {
        using var content = new StringContent("{\"message\": \"unterminated", Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(path, content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal($"The request body is not valid JSON (line 1, byte 26); send {expected}.", problem.Detail);
    }

    [Theory]
    [MemberData(nameof(ExpectedBodies))]
    public async Task Post_WrongJsonType_Returns400ProblemSayingWhatWasExpected(string path, string expected)
    {
        using var content = new StringContent("{\"message\": 42, \"ttl\": [], \"user_receiver_handle\": {}}", Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(path, content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal($"The request body must be {expected}; what is at $.message is not.", problem.Detail);
    }

    [Theory]
    [MemberData(nameof(ExpectedBodies))]
    public async Task Post_JsonArray_Returns400ProblemSayingAnObjectIsExpected(string path, string expected)
    {
        // Valid JSON, which the previous wording called "not valid JSON", naming the handler's .NET type.
        using var content = new StringContent("[1]", Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(path, content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal($"The request body must be {expected}.", problem.Detail);
    }

    [Theory]
    [MemberData(nameof(ExpectedBodies))]
    public async Task Post_JsonNull_Returns400ProblemSayingWhatToSend(string path, string expected)
    {
        using var content = new StringContent("null", Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(path, content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal($"The request body is missing or null; send {expected}.", problem.Detail);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Post_NoBody_Returns400Problem(string path)
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _client.PostAsync(path, content, Ct);

        await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Post_WrongContentType_Returns415Problem(string path)
    {
        using var content = new StringContent("message=hello&ttl=7-days", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await _client.PostAsync(path, content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Post_NoContentType_Returns415Problem(string path)
    {
        using var content = new ByteArrayContent("{\"message\":\"hi\"}"u8.ToArray());

        using var response = await _client.PostAsync(path, content, Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownRoute_Returns404Problem()
    {
        using var response = await _client.GetAsync("/api/nothing-here", Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Nothing is served at /api/nothing-here.", problem.Detail);
    }

    [Fact]
    public async Task Delete_KnownRoute_Returns405Problem()
    {
        using var response = await _client.DeleteAsync("/api/activities/home", Ct);

        var problem = await ActivitiesApiTests.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("DELETE is not allowed on /api/activities/home.", problem.Detail);
    }
}
