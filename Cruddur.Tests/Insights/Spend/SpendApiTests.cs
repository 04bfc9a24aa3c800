using System.Net;
using System.Net.Http.Json;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Spend;

namespace Cruddur.Tests.Insights.Spend;

/// <summary>/api/spend and /api/what-if on a real Insights of its own per test: counters in, monthly volumes out.</summary>
public sealed class SpendApiTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetSpend_CountersOfTwoServices_SummedAndExtrapolatedToAMonth()
    {
        await using var server = await InsightsServer.StartAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(-100);
        var converter = server.Service<OtlpConverter>();
        converter.Accept(OtlpSamples.Metrics("cruddur-gateway",
            OtlpSamples.CumulativeCounter("cruddur.honeycomb.events.sent", start, (start.AddSeconds(50), 100), (start.AddSeconds(99), 200))));
        converter.Accept(OtlpSamples.Metrics("cruddur-api",
            OtlpSamples.CumulativeCounter("cruddur.honeycomb.events.sent", start, (start.AddSeconds(99), 300)),
            OtlpSamples.CumulativeCounter("cruddur.honeycomb.events.dropped", start, (start.AddSeconds(99), 7))));
        using var client = server.ApiClient();

        var report = await client.GetFromJsonAsync<SpendReport>("/api/spend?window=86400", Cancellation);

        Assert.NotNull(report);
        Assert.Equal(["honeycomb", "xray", "cloudwatch", "rollbar"], report.Sinks.Select(sink => sink.Sink));
        var honeycomb = report.Sinks[0];
        Assert.Equal(500, honeycomb.Window);
        Assert.Equal(500, honeycomb.Run);
        Assert.Equal(7, Assert.Single(honeycomb.Counts, count => count.Instrument == "cruddur.honeycomb.events.dropped").Window);
        // The run is about 100 s old: 5 events a second, 12,960,000 a month, 64.8 % of 20,000,000.
        Assert.InRange(report.ObservedSeconds, 100, 130);
        Assert.InRange(honeycomb.PerMonth, 500 / 130.0 * SpendProjection.SecondsPerMonth, 12_960_000);
        Assert.Equal(20_000_000, honeycomb.FreeTier);
        Assert.InRange(honeycomb.Percent, 49, 64.8);
        Assert.False(honeycomb.OverFreeTier);
        Assert.All(report.Sinks.Skip(1), sink => Assert.Equal(0, sink.Window));
        Assert.Contains("this run: 500 Honeycomb events, 0 X-Ray traces, 0 B CloudWatch, 0 Rollbar items; at this rate a month is", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSpend_WindowShorterThanRun_CountsOnlyTheWindow()
    {
        await using var server = await InsightsServer.StartAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        server.Service<OtlpConverter>().Accept(OtlpSamples.Metrics("cruddur-api",
            OtlpSamples.CumulativeCounter("cruddur.cloudwatch.bytes.sent", start,
                (start.AddMinutes(10), 1_000_000), (start.AddMinutes(20), 3_000_000), (start.AddMinutes(29), 3_500_000))));
        using var client = server.ApiClient();

        var report = await client.GetFromJsonAsync<SpendReport>("/api/spend?window=900", Cancellation);

        var cloudWatch = Assert.Single(report!.Sinks, sink => sink.Sink == "cloudwatch");
        // 15 minutes back is after the point at minute 10: growth from there to minute 29.
        Assert.Equal(2_500_000, cloudWatch.Window);
        Assert.Equal(3_500_000, cloudWatch.Run);
        Assert.InRange(report.ObservedSeconds, 900, 901);
        Assert.Equal(5 * SpendProjection.BytesPerGigabyte, cloudWatch.FreeTier);
    }

    [Fact]
    public async Task GetSpend_PastATinyConfiguredTier_OverFreeTier()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Spend:RollbarItemsPerMonth"] = "10" });
        var start = DateTimeOffset.UtcNow.AddSeconds(-60);
        server.Service<OtlpConverter>().Accept(OtlpSamples.Metrics("cruddur-api",
            OtlpSamples.CumulativeCounter("cruddur.rollbar.items.sent", start, (start.AddSeconds(59), 2))));
        using var client = server.ApiClient();

        var report = await client.GetFromJsonAsync<SpendReport>("/api/spend", Cancellation);

        var rollbar = Assert.Single(report!.Sinks, sink => sink.Sink == "rollbar");
        Assert.Equal(10, rollbar.FreeTier);
        Assert.True(rollbar.OverFreeTier);
        Assert.True(rollbar.Percent > 100);
    }

    [Fact]
    public async Task GetWhatIf_NoTraffic_RuleAppliedToAnEvenRate()
    {
        await using var server = await InsightsServer.StartAsync();
        using var client = server.ApiClient();

        var defaultRule = await client.GetFromJsonAsync<SpendWhatIf>("/api/what-if?requestsPerSecond=10", Cancellation);
        var lowRate = await client.GetFromJsonAsync<SpendWhatIf>("/api/what-if?requestsPerSecond=10&reservoirSize=0&fixedRate=0.001", Cancellation);

        // X-Ray's default rule, 1/s then 5 %, at 10 req/s: 1.45 traces a second.
        Assert.Equal(3_758_400, defaultRule!.XRayTracesPerMonth, 3);
        Assert.True(defaultRule.XRayOverFreeTier);
        Assert.Null(defaultRule.MaxFixedRateUnderFreeTier); // 1/s alone is 2,592,000 a month
        Assert.Equal(25_920, lowRate!.XRayTracesPerMonth, 3);
        Assert.Equal(25.92, lowRate.XRayPercent, 3);
        Assert.False(lowRate.XRayOverFreeTier);
        Assert.Equal(100_000 / SpendProjection.SecondsPerMonth / 10, lowRate.MaxFixedRateUnderFreeTier!.Value, 9);
    }

    [Fact]
    public async Task GetWhatIf_ObservedTraces_HoneycombEventsPerRequestFromTheMix()
    {
        await using var server = await InsightsServer.StartAsync();
        var converter = server.Service<OtlpConverter>();
        for (var i = 0; i < 4; i++)
        {
            var traceId = OtlpSamples.NewTraceId();
            var root = OtlpSamples.NewSpanId();
            var child = OtlpSamples.Span(traceId, OtlpSamples.NewSpanId(), root, "HomeActivities.run", i * 1000 + 1, 5);
            child.Events.Add(new Cruddur.Insights.Otlp.Proto.Trace.Span.Types.Event { Name = "cache miss", TimeUnixNano = OtlpSamples.Now });
            converter.Accept(OtlpSamples.Traces("cruddur-api", OtlpSamples.Span(traceId, root, null, "GET /api/activities/home", i * 1000, 10), child));
        }
        using var client = server.ApiClient();

        var whatIf = await client.GetFromJsonAsync<SpendWhatIf>("/api/what-if?window=604800&requestsPerSecond=10&reservoirSize=0&fixedRate=1", Cancellation);

        // Two spans and one span event per request: 3 events, 30 a second.
        Assert.Equal(30 * SpendProjection.SecondsPerMonth, whatIf!.HoneycombEventsPerMonth, 3);
        Assert.True(whatIf.HoneycombOverFreeTier);
        Assert.Equal(10 * SpendProjection.SecondsPerMonth, whatIf.XRayTracesPerMonth, 3);
    }

    [Fact]
    public async Task GetSpend_WithoutLogin_401()
    {
        await using var server = await InsightsServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.Url };

        using var response = await anonymous.GetAsync("/api/spend", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void Options_NonPositiveTier_FailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InsightsServer.StartAsync(
            new Dictionary<string, string?> { ["Insights:Spend:XRayTracesPerMonth"] = "0" }).GetAwaiter().GetResult());

        Assert.Contains("Insights:Spend:XRayTracesPerMonth", error.Message, StringComparison.Ordinal);
    }
}
