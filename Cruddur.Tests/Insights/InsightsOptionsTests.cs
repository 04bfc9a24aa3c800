using Cruddur.Insights;
using Microsoft.Extensions.Configuration;

namespace Cruddur.Tests.Insights;

/// <summary>The "Insights" settings: defaults, the ASPNETCORE_URLS fallback, and start-up failing on a bad one by name.</summary>
public sealed class InsightsOptionsTests
{
    [Theory]
    [InlineData("Insights:Url", "not a url", "Insights:Url")]
    [InlineData("Insights:Url", "https://localhost:18891", "Insights:Url")]
    [InlineData("Insights:BrowserToken", "short", "Insights:BrowserToken")]
    [InlineData("Insights:ApiKey", "short", "Insights:ApiKey")]
    [InlineData("Insights:Otlp:MaxRequestBodyBytes", "0", "Insights:Otlp:MaxRequestBodyBytes")]
    [InlineData("Insights:Dashboard:Url", "ftp://localhost:18888", "Insights:Dashboard:Url")]
    [InlineData("Insights:Dashboard:Url", "localhost:18888", "Insights:Dashboard:Url")]
    [InlineData("Insights:Limits:MaxTraces", "0", "Insights:Limits:MaxTraces")]
    [InlineData("Insights:Limits:MaxMetricPoints", "-1", "Insights:Limits:MaxMetricPoints")]
    public void Load_BadSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => InsightsOptions.Load(configuration));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Nothing_DefaultsOnPort18891WithoutDashboardLinks()
    {
        var options = InsightsOptions.Load(new ConfigurationBuilder().Build());

        Assert.Equal("http://localhost:18891", options.Url);
        Assert.Equal(4 * 1024 * 1024, options.Otlp.MaxRequestBodyBytes);
        Assert.Equal(10_000, options.Limits.MaxTraces);
        Assert.Null(options.Dashboard.TraceUrl("0af7651916cd43dd8448eb211c80319c"));
    }

    [Fact]
    public void Load_AspNetCoreUrlsWithoutInsightsUrl_FirstUrlIsTheListener()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://*:28891;http://127.0.0.1:28899",
        }).Build();

        var options = InsightsOptions.Load(configuration);

        Assert.Equal("http://0.0.0.0:28891", options.Url);
    }

    [Theory]
    [InlineData("http://localhost:18888")]
    [InlineData("http://localhost:18888/")]
    public void DashboardTraceUrl_DashboardUrlSet_TraceDetailPage(string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Insights:Dashboard:Url"] = url }).Build();

        var options = InsightsOptions.Load(configuration);

        Assert.Equal("http://localhost:18888/traces/detail/0af7651916cd43dd8448eb211c80319c", options.Dashboard.TraceUrl("0af7651916cd43dd8448eb211c80319c"));
    }
}
