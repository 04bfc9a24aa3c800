using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cruddur.Insights.Resources;

namespace Cruddur.Tests.Insights.Resources;

/// <summary>Each test starts its own dashboard: the resource list is one shared value per dashboard.</summary>
public sealed class ResourcesApiTests
{
    private const string ServiceKey = "test-resource-service-key";

    [Fact]
    public async Task PutResources_WithoutOrWithWrongKey_Returns401()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };

        using var missing = await client.PutAsync("/api/resources", Json(Update("api")), TestContext.Current.CancellationToken);
        using var wrong = await SendPutAsync(client, Update("api"), "wrong-key-0000");
        using var dashboardKey = await SendPutAsync(client, Update("api"), InsightsServer.ApiKey);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboardKey.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PutResources_NoKeyConfigured_Returns401()
    {
        await using var server = await InsightsServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };

        using var response = await SendPutAsync(client, Update("api"), ServiceKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("""{"resources":[{"name":"","type":"Project","state":"Running"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"resources":[{"name":"api","type":"Project","state":"Running"},{"name":"api","type":"Project","state":"Running"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"resources":[{"name":"api","type":"Project","state":"Running","urls":["javascript:alert(1)"]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"resources":[{"name":"api","type":"Project","state":"Running","startedAt":"yesterday"}]}""", HttpStatusCode.BadRequest)]
    public async Task PutResources_BadBody_Returns400(string body, HttpStatusCode expected)
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };

        using var response = await SendPutAsync(client, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await server.ApiClient().GetFromJsonAsync<ResourceList>("/api/resources", TestContext.Current.CancellationToken))!.Items);
    }

    [Fact]
    public async Task PutResources_BodyOverLimit_Returns413()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Dashboard:Resources:MaxRequestBodyBytes"] = "2048" });
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };
        var lines = Enumerable.Range(0, 100).Select(i => $"line {i} of a long console output").ToArray();

        using var response = await SendPutAsync(client, Json(new ResourceUpdate([Item("api") with { Console = lines }])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PutResources_NotJson_Returns415()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };

        using var response = await SendPutAsync(client, new StringContent("resources", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task ListResources_AfterPut_ReturnsTheReportedList()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };
        using var api = server.ApiClient();
        var before = await api.GetFromJsonAsync<ResourceList>("/api/resources", TestContext.Current.CancellationToken);

        using var put = await SendPutAsync(client, Update("gateway", "api"));
        var after = await api.GetFromJsonAsync<ResourceList>("/api/resources", TestContext.Current.CancellationToken);

        Assert.Null(before!.UpdatedAt);
        Assert.Empty(before.Items);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Empty((await put.Content.ReadFromJsonAsync<ResourceCommands>(TestContext.Current.CancellationToken))!.Restart);
        Assert.NotNull(after!.UpdatedAt);
        Assert.Equal(["api", "gateway"], after.Items.Select(item => item.Name));
        var item = after.Items[0];
        Assert.Equal("Healthy", item.State);
        Assert.Equal(["http://localhost:5000"], item.Urls);
        Assert.Equal("***", item.Environment!["HONEYCOMB_API_KEY"]);
        Assert.Equal(["started", "listening"], item.Console);
    }

    [Fact]
    public async Task ListResources_WithoutLogin_Returns401()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };

        using var response = await client.GetAsync("/api/resources", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RestartResource_Known_IsHandedToTheNextPutOnce()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };
        using var api = server.ApiClient();
        using var first = await SendPutAsync(client, Update("api", "gateway"));

        using var restart = await api.PostAsync("/api/resources/api/restart", null, TestContext.Current.CancellationToken);
        using var second = await SendPutAsync(client, Update("api", "gateway"));
        using var third = await SendPutAsync(client, Update("api", "gateway"));

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(["api"], (await second.Content.ReadFromJsonAsync<ResourceCommands>(TestContext.Current.CancellationToken))!.Restart);
        Assert.Empty((await third.Content.ReadFromJsonAsync<ResourceCommands>(TestContext.Current.CancellationToken))!.Restart);
    }

    [Fact]
    public async Task RestartResource_Unknown_Returns404AndWithoutLogin401()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };
        using var api = server.ApiClient();
        using var first = await SendPutAsync(client, Update("api"));

        using var unknown = await api.PostAsync("/api/resources/nope/restart", null, TestContext.Current.CancellationToken);
        using var anonymous = await client.PostAsync("/api/resources/api/restart", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Task<InsightsServer> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Dashboard:Resources:ApiKey"] = ServiceKey };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return InsightsServer.StartAsync(settings);
    }

    private static async Task<HttpResponseMessage> SendPutAsync(HttpClient client, HttpContent content, string key = ServiceKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/resources") { Content = content };
        request.Headers.Add("x-resource-service-key", key);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> SendPutAsync(HttpClient client, ResourceUpdate update, string key = ServiceKey) =>
        SendPutAsync(client, Json(update), key);

    private static JsonContent Json(ResourceUpdate update) => JsonContent.Create(update);

    private static ResourceUpdate Update(params string[] names) => new([.. names.Select(Item)]);

    private static ResourceItem Item(string name) => new(
        name,
        "Project",
        "Healthy",
        DateTimeOffset.UtcNow,
        null,
        1234,
        ["http://localhost:5000"],
        "Healthy",
        new Dictionary<string, string?> { ["HONEYCOMB_API_KEY"] = "***", ["OTEL_SERVICE_NAME"] = name },
        ["started", "listening"]);
}
