using System.Net;

namespace Cruddur.Tests.Insights.Security;

public sealed class BrowserLoginTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private InsightsServer Server => fixture.Server;

    [Fact]
    public async Task Login_WithToken_SetsHttpOnlyCookieAndRedirectsHome()
    {
        using var client = NoRedirects(out _);

        using var response = await client.GetAsync($"/login?t={InsightsServer.Token}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(InsightsServer.Token, cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ThenApi_CookieIsEnough()
    {
        using var client = NoRedirects(out _);
        using var login = await client.GetAsync($"/login?t={InsightsServer.Token}", TestContext.Current.CancellationToken);

        using var response = await client.GetAsync("/api/routes", TestContext.Current.CancellationToken);
        using var page = await client.GetAsync("/routes", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"app\"", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/routes")]
    [InlineData("/xray-segments?traceId=0af7651916cd43dd8448eb211c80319c")]
    [InlineData("/login?t=wrong-token")]
    public async Task Page_WithoutLogin_ShowsTheLoginForm(string path)
    {
        using var client = NoRedirects(out _);

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/login\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"app\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InsightsServer.Token, HttpStatusCode.Redirect)]
    [InlineData("not-the-token", HttpStatusCode.Unauthorized)]
    public async Task PostLogin_PastedToken_SignsInOnlyWithTheRightOne(string token, HttpStatusCode expected)
    {
        using var client = NoRedirects(out _);

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("t", token)]), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("x-api-key", InsightsServer.ApiKey, HttpStatusCode.OK)]
    [InlineData("x-api-key", "not-the-api-key", HttpStatusCode.Unauthorized)]
    [InlineData("x-dashboard-api-key", InsightsServer.ApiKey, HttpStatusCode.Unauthorized)]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    public async Task Api_WithoutCookie_OnlyTheApiKeyHeaderLetsIn(string? header, string? value, HttpStatusCode expected)
    {
        using var client = NoRedirects(out _);
        if (header is not null)
        {
            client.DefaultRequestHeaders.Add(header, value);
        }

        using var response = await client.GetAsync("/api/spend", TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Api_NoApiKeyConfigured_EmptyHeaderStill401()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:ApiKey"] = null });
        using var client = new HttpClient { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Add("x-api-key", "");

        using var response = await client.GetAsync("/api/spend", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private HttpClient NoRedirects(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies };
        return new HttpClient(handler) { BaseAddress = Server.Url };
    }
}
