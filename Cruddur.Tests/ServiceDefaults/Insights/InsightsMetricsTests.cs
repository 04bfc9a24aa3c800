using System.Net;
using System.Net.Http.Json;
using Cruddur.Insights.Spend;
using Cruddur.Insights.Storage;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.Support;
using Microsoft.Extensions.Logging;
using InsightsServer = Cruddur.Tests.Insights.InsightsServer;

namespace Cruddur.Tests.ServiceDefaults.Insights;

/// <summary>
/// The <c>Cruddur.Telemetry</c> counters reach Insights' Spend view from a service with <c>Insights:Endpoint</c> set.
/// Alone in their collection: the meter is process-wide, so a test running beside would add its own counts.
/// </summary>
[Collection(SinkMeterCollection.Name)]
public sealed class InsightsMetricsTests
{
    private const string RollbarToken = "post_server_item_insights_metrics";
    private const string OtlpKey = "insights-otlp-key-0123";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RollbarItemsSent_InsightsSpendShowsExactlyThem_ByTheService()
    {
        await using var insights = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Otlp:ApiKey"] = OtlpKey });
        await using var rollbar = await FakeRollbar.StartAsync(RollbarToken);
        await using var service = await StartServiceAsync(insights, rollbar, "cruddur-insights-metrics");

        for (var i = 0; i < 3; i++)
        {
            using var response = await service.Client.GetAsync(RollbarEndpoints.ExceptionTestPath, Cancellation);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        await WaitForAsync(() => rollbar.Items.Count == 3);

        var report = await insights.WaitForAsync<SpendReport>("/api/spend", report => Rollbar(report).Run >= 3, TimeSpan.FromSeconds(15));
        Assert.Equal(3, Rollbar(report).Run);
        Assert.Equal(3, Assert.Single(Rollbar(report).Counts, count => count.Instrument == SinkMeter.RollbarItemsSent).Run);
        Assert.Equal(0, Assert.Single(Rollbar(report).Counts, count => count.Instrument == SinkMeter.RollbarItemsDropped).Run);
        // Counted under the service that sent them.
        Assert.NotNull(insights.Service<MetricStore>().Find("cruddur-insights-metrics", SinkMeter.RollbarItemsSent));
    }

    [Fact]
    public async Task GracefulStopBeforeTheFirstInterval_LastCountsExportedOnStop()
    {
        await using var insights = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Otlp:ApiKey"] = OtlpKey });
        await using var rollbar = await FakeRollbar.StartAsync(RollbarToken);
        var service = await StartServiceAsync(insights, rollbar, "cruddur-insights-stop");

        using (var response = await service.Client.GetAsync(RollbarEndpoints.ExceptionTestPath, Cancellation))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        await WaitForAsync(() => rollbar.Items.Count == 1);
        using var client = insights.ApiClient();
        var before = await client.GetFromJsonAsync<SpendReport>("/api/spend", Cancellation);
        await service.App.StopAsync(Cancellation);
        await service.DisposeAsync();

        // Well within the five-second interval: nothing was exported until the stop.
        Assert.Equal(0, Rollbar(before!).Run);
        var after = await client.GetFromJsonAsync<SpendReport>("/api/spend", Cancellation);
        Assert.Equal(1, Rollbar(after!).Run);
    }

    [Fact]
    public async Task Start_EndpointSet_SaysOnWithoutTheKey_UnsetSaysOff()
    {
        var logs = new LogCapture();
        await using (await TestService.StartAsync(_ => { }, new Dictionary<string, string?>
        {
            ["Insights:Endpoint"] = "http://127.0.0.1:9/",
            ["Insights:OtlpApiKey"] = OtlpKey,
        }, builder => builder.Logging.AddProvider(logs)))
        {
        }
        var off = new LogCapture();
        await using (await TestService.StartAsync(_ => { }, configure: builder => builder.Logging.AddProvider(off)))
        {
        }

        Assert.Single(logs.Lines, line => line.Message == "Insights: on (Cruddur.Telemetry metrics to http://127.0.0.1:9/v1/metrics every 5 s with its OTLP API key)");
        Assert.DoesNotContain(OtlpKey, logs.AllText, StringComparison.Ordinal);
        Assert.Single(off.Lines, line => line.Message == "Insights: off (Insights:Endpoint is not set)");
    }

    [Fact]
    public async Task Start_EndpointNotAUrl_FailsNamingTheSetting()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => TestService.StartAsync(_ => { },
            new Dictionary<string, string?> { ["Insights:Endpoint"] = "insights:18891" }));

        Assert.Contains("Insights:Endpoint", e.Message, StringComparison.Ordinal);
    }

    private static Task<TestService> StartServiceAsync(InsightsServer insights, FakeRollbar rollbar, string serviceName) =>
        TestService.StartAsync(app => app.MapRollbarTestEndpoint(), new Dictionary<string, string?>
        {
            [ServiceIdentity.ServiceNameSetting] = serviceName,
            ["ROLLBAR_ACCESS_TOKEN"] = RollbarToken,
            ["Rollbar:Endpoint"] = rollbar.Endpoint,
            ["Rollbar:EnableExceptionTest"] = "true",
            ["Insights:Endpoint"] = insights.Url.ToString(),
            ["Insights:OtlpApiKey"] = OtlpKey,
        });

    private static SinkSpend Rollbar(SpendReport report) => Assert.Single(report.Sinks, sink => sink.Sink == "rollbar");

    private static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not reached in time.");
            await Task.Delay(20, Cancellation);
        }
    }
}

/// <summary>Tests that read the process-wide <c>Cruddur.Telemetry</c> meter run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SinkMeterCollection
{
    public const string Name = "Sink meter";
}
