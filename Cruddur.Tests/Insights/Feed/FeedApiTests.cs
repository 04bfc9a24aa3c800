using System.Net;
using System.Net.Http.Json;
using Cruddur.Insights.Feed;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>GET /api/feed: the feed's state, for the API key only; a wrong setting stops Insights at start-up.</summary>
public sealed class FeedApiTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetFeed_NoDashboardUrl_FeedOff()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { [FeedOptions.UrlSetting] = "" });
        using var client = server.ApiClient();

        var status = await client.GetFromJsonAsync<FeedStatus>("/api/feed", Cancellation);

        Assert.NotNull(status);
        Assert.False(status.Enabled);
        Assert.False(status.Connected);
        Assert.Null(status.Dashboard);
        Assert.Equal(0, status.SpansReceived);
    }

    [Fact]
    public async Task GetFeed_WithoutApiKey_401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Url };

        using var response = await anonymous.GetAsync("/api/feed", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetFeed_DashboardUrlWithCredentials_ShownWithoutThem()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?>
        {
            [FeedOptions.UrlSetting] = "http://someone:secret@127.0.0.1:9/",
            [FeedOptions.ApiKeySetting] = "feed-key-not-shown",
        });
        using var client = server.ApiClient();

        var text = await client.GetStringAsync("/api/feed", Cancellation);

        Assert.Contains("\"dashboard\":\"http://127.0.0.1:9/\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("feed-key-not-shown", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FeedOptions.UrlSetting, "localhost:18888")]
    [InlineData(FeedOptions.UrlSetting, "ftp://localhost:18888")]
    [InlineData(FeedOptions.MaxReconnectDelaySetting, "soon")]
    [InlineData(FeedOptions.MaxReconnectDelaySetting, "00:00:00.010")]
    public async Task Start_BadSetting_FailsNamingIt(string setting, string value)
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => InsightsServer.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }
}
