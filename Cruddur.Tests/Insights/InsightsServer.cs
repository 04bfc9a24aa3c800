using System.Net.Http.Json;
using Cruddur.Insights;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.Insights;

/// <summary>A real Insights on 127.0.0.1 with a free port, a fixed login token and API key.</summary>
internal sealed class InsightsServer : IAsyncDisposable
{
    public const string Token = "test-login-token-0123456789";
    public const string ApiKey = "test-insights-api-key";

    /// <summary>
    /// The Aspire dashboard every trace links to, unless a test unsets Insights:Dashboard:Url. Nothing listens
    /// there (the discard port), so the span feed it also turns on is refused at once and stays quiet.
    /// </summary>
    public const string DashboardUrl = "http://127.0.0.1:9";

    private readonly WebApplication _app;

    private InsightsServer(WebApplication app)
    {
        _app = app;
        Url = new Uri(app.Urls.First());
    }

    /// <summary>The one listener: pages, JSON API, /v1/metrics and /xray/segments.</summary>
    public Uri Url { get; }

    public static async Task<InsightsServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Insights:Url"] = "http://127.0.0.1:0",
            ["Insights:BrowserToken"] = Token,
            ["Insights:ApiKey"] = ApiKey,
            ["Insights:Dashboard:Url"] = DashboardUrl,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = InsightsApp.Create([], configuration => configuration.AddInMemoryCollection(all));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new InsightsServer(app);
    }

    /// <summary>The Aspire dashboard's page of a trace, as Insights links it with the default settings.</summary>
    public static string DashboardTrace(string traceId) => $"{DashboardUrl}/traces/detail/{traceId}";

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>A client for the JSON API, authenticated by the API-key header.</summary>
    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return client;
    }

    /// <summary>Polls the API until the answer satisfies the condition (exporters send asynchronously).</summary>
    public async Task<T> WaitForAsync<T>(string path, Func<T, bool> done, TimeSpan? timeout = null)
    {
        using var client = ApiClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken);
                if (value is not null && done(value))
                {
                    return value;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} did not reach the expected state in time.");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
