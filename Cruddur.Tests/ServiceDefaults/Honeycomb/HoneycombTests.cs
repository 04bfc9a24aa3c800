using System.Diagnostics;
using System.Net;
using Cruddur.ServiceDefaults.Honeycomb;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.Honeycomb;

public sealed class HoneycombTests
{
    private const string NewKey = "hcTestKey0123456789abc";
    private const string ClassicKey = "0123456789abcdef0123456789abcdef";

    internal static Dictionary<string, string?> SendTo(string endpoint, string key, string serviceName) => new()
    {
        [ServiceIdentity.ServiceNameSetting] = serviceName,
        [HoneycombExtensions.ApiKeySetting] = key,
        [HoneycombExtensions.EndpointSetting] = endpoint,
    };

    private static Task<TestService> StartAsync(Dictionary<string, string?> settings, LogCapture capture, string path) =>
        TestService.StartAsync(app => app.MapGet(path, () => "crud"), settings, builder => builder.Logging.AddProvider(capture));

    [Theory]
    [InlineData(NewKey, null)]
    [InlineData(ClassicKey, "cruddur-hc-dataset")]
    public async Task Spans_ExportedOnStop_ArriveWithTeamHeaderAndDatasetOnlyForClassicKeys(string key, string? dataset)
    {
        await using var honeycomb = await FakeHoneycomb.StartAsync(key);
        var capture = new LogCapture();
        var service = await StartAsync(SendTo(honeycomb.Endpoint, key, "cruddur-hc-dataset"), capture, "/hc-crud");

        using var response = await service.Client.GetAsync("/hc-crud", TestContext.Current.CancellationToken);
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = Assert.Single(honeycomb.Exports, export => export.Spans.Any(span => span.Name == "GET /hc-crud"));
        Assert.Equal(key, export.Team);
        Assert.Equal(dataset, export.Dataset);
        Assert.Equal("cruddur-hc-dataset", export.Spans.First(span => span.Name == "GET /hc-crud").ServiceName);
        Assert.DoesNotContain(key, capture.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthCheck_AcceptedKey_LogsTeamAndEnvironmentAndOffersTraceLinks()
    {
        await using var honeycomb = await FakeHoneycomb.StartAsync(NewKey);
        var capture = new LogCapture();
        await using var service = await StartAsync(SendTo(honeycomb.Endpoint, NewKey, "cruddur-hc-auth"), capture, "/hc-auth");

        var line = await capture.WaitForAsync(log => log.Message.StartsWith("Honeycomb: team", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Equal("Honeycomb: team Cruddur Team, environment Cruddur Test", line.Message);
        Assert.Equal(LogLevel.Information, line.Level);
        var account = service.App.Services.GetRequiredService<HoneycombAccount>();
        Assert.Equal("cruddur-team", account.TeamSlug);
        Assert.Equal("cruddur-test", account.EnvironmentSlug);
        Assert.Equal("https://ui.honeycomb.io/cruddur-team/environments/cruddur-test/trace?trace_id=0af7651916cd43dd8448eb211c80319c",
            account.TraceLink("0af7651916cd43dd8448eb211c80319c")?.ToString());
        Assert.DoesNotContain(NewKey, capture.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthCheck_RejectedKey_LogsAClearErrorWithoutTheKey()
    {
        await using var honeycomb = await FakeHoneycomb.StartAsync(NewKey);
        var capture = new LogCapture();
        const string wrongKey = "hcWrongKey9876543210xyz";
        await using var service = await StartAsync(SendTo(honeycomb.Endpoint, wrongKey, "cruddur-hc-rejected"), capture, "/hc-rejected");

        var line = await capture.WaitForAsync(log => log.Category.EndsWith(nameof(HoneycombAuthCheck), StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("rejected the API key", line.Message, StringComparison.Ordinal);
        Assert.Contains(HoneycombExtensions.ApiKeySetting, line.Message, StringComparison.Ordinal);
        Assert.Null(service.App.Services.GetRequiredService<HoneycombAccount>().TraceLink("0af7651916cd43dd8448eb211c80319c"));
        Assert.DoesNotContain(wrongKey, capture.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiverDown_Requests_AnswerPromptly()
    {
        string endpoint;
        await using (var gone = await FakeHoneycomb.StartAsync(NewKey))
        {
            endpoint = gone.Endpoint;
        }

        var capture = new LogCapture();
        await using var service = await StartAsync(SendTo(endpoint, NewKey, "cruddur-hc-down"), capture, "/hc-down");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var response = await service.Client.GetAsync("/hc-down", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"20 requests took {clock.Elapsed}.");
        await capture.WaitForAsync(log => log.Message.Contains("could not check the API key", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(NewKey, capture.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverQuota429_Requests_AnswerPromptlyAndExportIsRefused()
    {
        await using var honeycomb = await FakeHoneycomb.StartAsync(NewKey);
        honeycomb.OverQuota = true;
        var capture = new LogCapture();
        var service = await StartAsync(SendTo(honeycomb.Endpoint, NewKey, "cruddur-hc-quota"), capture, "/hc-quota");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var response = await service.Client.GetAsync("/hc-quota", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"20 requests took {clock.Elapsed}.");
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();
        Assert.Contains(429, honeycomb.Refusals);
        Assert.Empty(honeycomb.Exports);
    }
}
