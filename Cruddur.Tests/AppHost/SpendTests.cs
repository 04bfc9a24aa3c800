using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Cruddur.Insights.Spend;
using Cruddur.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.AppHost;

/// <summary>
/// Boots an application of its own, every sink pointed at its fake: after a fixed workload, Insights'
/// spend counts equal, exactly, what each fake received; when the AppHost stops it prints the run's spend.
/// </summary>
public sealed partial class SpendTests
{
    private const string HoneycombKey = "hcSpendKey0123456789ab";
    private const string RollbarToken = "post_server_item_spend_0123456789";
    private const int Requests = 24;
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(60);

    // A central rule that samples some and not others: X-Ray gets part of the traffic.
    private const string HalfSampled = """{"SamplingRuleRecords":[{"SamplingRule":{"RuleName":"Half","RuleARN":"arn:aws:xray:us-east-1:123456789012:sampling-rule/Half","ResourceARN":"*","Priority":1,"FixedRate":0.5,"ReservoirSize":1,"ServiceName":"*","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{}},"CreatedAt":1.7E9,"ModifiedAt":1.7E9}]}""";

    [Fact]
    public async Task FixedWorkload_SpendCountsEqualWhatTheFakesReceived_AndStopPrintsTheRunsSpend()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
        await using var rollbar = await FakeRollbar.StartAsync(RollbarToken);
        await using var xray = await FakeXRay.StartAsync(cancellation);
        xray.RulesReply = HalfSampled;
        var appHostLog = new LogCapture();
        var builder = await CruddurAppHost.CreateBuilderAsync(
            $"Parameters:honeycomb-api-key={HoneycombKey}", $"Parameters:rollbar-access-token={RollbarToken}");
        builder.WithSinksAt(honeycomb, cloudWatch, rollbar);
        builder.WithXRayAt(xray);
        // Log records become Rollbar items too, so a fixed workload gives a known number of items.
        builder.Project("api").WithEnvironment("Rollbar__ReportLogLevel", "Information").WithEnvironment("Rollbar__MaxReportsPerMinute", "1000");
        builder.Services.AddSingleton<ILoggerProvider>(appHostLog);
        await using var app = await CruddurAppHost.StartAsync(builder);

        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = app.GetEndpoint("gateway") };
        for (var i = 0; i < Requests; i++)
        {
            using var response = await caller.GetAsync(i % 3 == 0 ? "/api/activities/notifications" : "/api/activities/home", cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var insights = await app.CreateInsightsClientAsync();
        var (expected, actual) = await SettleAsync(insights, honeycomb, cloudWatch, rollbar, xray, cancellation);

        Assert.Equal(expected, actual);
        Assert.True(Delivered(expected), $"Every sink should have received the workload: {expected}");
        Assert.InRange(expected.XRayTraces, 1, expected.XRaySegments);

        await app.StopAsync(cancellation);

        var spendLines = appHostLog.Lines.Where(line => line.Message.StartsWith("Spend: ", StringComparison.Ordinal)).ToList();
        Assert.True(spendLines.Count == 1, string.Join("\n", spendLines.Select(line => $"{line.Category}: {line.Message}")));
        var summary = spendLines[0].Message;
        var match = SummaryLine().Match(summary);
        Assert.True(match.Success, summary);
        // The services' last seconds (their shutdown logs) may add to the counts, never take away.
        Assert.True(long.Parse(match.Groups["honeycomb"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= expected.HoneycombEvents, summary);
        Assert.DoesNotContain(HoneycombKey, summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// Polls until Insights' counts (exported every 5 s) have caught up with the fakes; returns both sides
    /// of the last poll, so a mismatch fails with the two sets of numbers.
    /// </summary>
    private static async Task<(Volumes Expected, Volumes Actual)> SettleAsync(HttpClient insights, FakeHoneycomb honeycomb,
        FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar, FakeXRay xray, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + SettleWait;
        while (true)
        {
            var expected = Received(honeycomb, cloudWatch, rollbar, xray);
            var report = await insights.GetFromJsonAsync<SpendReport>("/api/spend?window=604800", cancellation);
            var actual = Counted(report!);
            // Equal while some sink has not delivered yet (0 = 0) proves nothing: wait for every sink.
            if ((expected == actual && Delivered(expected)) || DateTime.UtcNow > deadline)
            {
                return (expected, actual);
            }

            await Task.Delay(500, cancellation);
        }
    }

    /// <summary>The workload reached every sink: three spans or more per request, a log line and an item per request, some X-Ray traces.</summary>
    private static bool Delivered(Volumes volumes) =>
        volumes.HoneycombEvents >= Requests * 3 && volumes.XRayTraces >= 1 && volumes.CloudWatchEvents >= Requests && volumes.RollbarItems >= Requests;

    private static Volumes Received(FakeHoneycomb honeycomb, FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar, FakeXRay xray)
    {
        var documents = xray.Documents.Select(document => JsonDocument.Parse(document).RootElement).ToList();
        var logEvents = cloudWatch.Events("cruddur");
        return new Volumes(
            honeycomb.Spans.Sum(span => 1L + span.EventCount + span.LinkCount),
            documents.Select(document => document.GetProperty("trace_id").GetString()).Distinct().Count(),
            documents.Count,
            logEvents.Count,
            logEvents.Sum(logEvent => Encoding.UTF8.GetByteCount(logEvent.Message) + 26L),
            rollbar.Items.Count);
    }

    private static Volumes Counted(SpendReport report)
    {
        double Run(string sink, string instrument) =>
            report.Sinks.Single(s => s.Sink == sink).Counts.Single(count => count.Instrument == instrument).Run;
        return new Volumes(
            (long)Run("honeycomb", "cruddur.honeycomb.events.sent"),
            (long)Run("xray", "cruddur.xray.traces.recorded"),
            (long)Run("xray", "cruddur.xray.segments.sent"),
            (long)Run("cloudwatch", "cruddur.cloudwatch.events.sent"),
            (long)Run("cloudwatch", "cruddur.cloudwatch.bytes.sent"),
            (long)Run("rollbar", "cruddur.rollbar.items.sent"));
    }

    [GeneratedRegex(@"^Spend: this run: (?<honeycomb>[\d,]+) Honeycomb events, [\d,]+ X-Ray traces, [\d.]+ [KMG]?B CloudWatch, [\d,]+ Rollbar items; at this rate a month is .+ % of free tier\)$")]
    private static partial Regex SummaryLine();

    private sealed record Volumes(long HoneycombEvents, long XRayTraces, long XRaySegments, long CloudWatchEvents, long CloudWatchBytes, long RollbarItems);
}
