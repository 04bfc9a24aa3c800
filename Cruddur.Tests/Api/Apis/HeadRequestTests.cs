using Cruddur.Tests.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.Api.Apis;

/// <summary>HEAD on every GET route answers as GET without the body, as HTTP asks and the original's Flask answered.</summary>
public sealed class HeadRequestTests : IAsyncDisposable
{
    private readonly CruddurApiFactory _factory = new(settings: new Dictionary<string, string?> { ["Rollbar:EnableExceptionTest"] = "true" });

    public static TheoryData<string> GetPaths =>
    [
        "/api/activities/home",
        "/api/activities/notifications",
        "/api/activities/@andrewbrown",
        "/api/activities/@a@b",
        "/api/activities/search?term=cloud",
        "/api/activities/search",
        "/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee",
        "/api/activities/00000000-0000-0000-0000-000000000000",
        "/api/activities/not-a-uuid",
        "/api/message_groups",
        "/api/messages/@worf",
        "/openapi/v1.json",
        "/rollbar/test",
        "/health",
        "/alive",
    ];

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [MemberData(nameof(GetPaths))]
    public async Task Head_GetRoute_AnswersAsGetWithoutBody(string path)
    {
        var api = _factory.StartOnLoopback();
        var cancellation = TestContext.Current.CancellationToken;

        var get = await RawHttpClient.SendAsync(api, "GET", path, cancellation);
        var head = await RawHttpClient.SendAsync(api, "HEAD", path, cancellation);

        Assert.Equal(get.Status, head.Status);
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.NotEqual("", get.Body);
        Assert.Equal("", head.Body);
    }

    [Fact]
    public void Head_EveryGetEndpoint_IsAllowed()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var gets = endpoints.Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true).ToList();

        Assert.NotEmpty(gets);
        Assert.All(gets, endpoint => Assert.Contains(HttpMethods.Head, endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods));
    }
}
