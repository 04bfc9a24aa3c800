using System.Net;
using Cruddur.Insights;
using Microsoft.Extensions.Configuration;

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

        using var response = await client.GetAsync("/api/telemetry/traces", TestContext.Current.CancellationToken);
        using var page = await client.GetAsync("/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"app\"", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/traces")]
    [InlineData("/logs")]
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

    [Fact]
    public async Task Unsecured_PagesAndApi_OpenWithoutLogin()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Dashboard:Frontend:AuthMode"] = "Unsecured" });
        using var client = new HttpClient { BaseAddress = server.FrontendUrl };

        using var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        using var api = await client.GetAsync("/api/telemetry/logs", TestContext.Current.CancellationToken);

        Assert.Contains("id=\"app\"", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Theory]
    [InlineData("Dashboard:Frontend:Url", "not a url", "Dashboard:Frontend:Url")]
    [InlineData("Dashboard:Otlp:GrpcUrl", "https://localhost:18889", "Dashboard:Otlp:GrpcUrl")]
    [InlineData("Dashboard:Limits:MaxTraces", "0", "Dashboard:Limits")]
    [InlineData("Dashboard:Frontend:BrowserToken", "short", "Dashboard:Frontend:BrowserToken")]
    public void Load_BadSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => InsightsOptions.Load(configuration));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AspireStyleVariables_SetTheListenerUrls()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:28888;http://127.0.0.1:28899",
            ["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:28889",
            ["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://*:28890",
        }).Build();

        var options = InsightsOptions.Load(configuration);

        Assert.Equal(("http://127.0.0.1:28888", "http://127.0.0.1:28889", "http://0.0.0.0:28890"), (options.Frontend.Url, options.Otlp.GrpcUrl, options.Otlp.HttpUrl));
    }

    private HttpClient NoRedirects(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies };
        return new HttpClient(handler) { BaseAddress = Server.FrontendUrl };
    }
}
