using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cruddur.AppHost.Hosting;
using Cruddur.Dashboard.Spend;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.Distributed;

/// <summary>
/// The whole AppHost with every sink pointed at its local fake: after a fixed workload, the
/// dashboard's spend counts equal, exactly, what each fake received; on stop, the summary line.
/// </summary>
[Collection(XRayAndSinksCollection.Name)]
public sealed partial class SpendEndToEndTests
{
    private const string HoneycombKey = "hcSpendKey0123456789ab";
    private const string RollbarToken = "post_server_item_spend_0123456789";
    private const int Requests = 24;
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(60);

    // A central rule that samples some and not others: X-Ray gets part of the traffic.
    private const string HalfSampled = """{"SamplingRuleRecords":[{"SamplingRule":{"RuleName":"Half","RuleARN":"arn:aws:xray:us-east-1:123456789012:sampling-rule/Half","ResourceARN":"*","Priority":1,"FixedRate":0.5,"ReservoirSize":1,"ServiceName":"*","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{}},"CreatedAt":1.7E9,"ModifiedAt":1.7E9}]}""";

    [Fact]
    public async Task FixedWorkload_SpendCountsEqualWhatTheFakesReceived_AndStopPrintsTheSummary()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
        await using var rollbar = await FakeRollbar.StartAsync(RollbarToken);
        await using var xray = await FakeXRay.StartAsync(cancellation);
        xray.RulesReply = HalfSampled;
        await using var app = await DistributedApplicationTesting.StartAsync(Settings(honeycomb, cloudWatch, rollbar, xray), cancellation);
        using (var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout))
        {
            foreach (var resource in app.Resources)
            {
                await app.WaitForResourceReadyAsync(resource.Name, timeout.Token);
            }
        }

        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = app.GetEndpoint("gateway") };
        for (var i = 0; i < Requests; i++)
        {
            using var response = await caller.GetAsync(i % 3 == 0 ? "/api/activities/notifications" : "/api/activities/home", cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var dashboard = app.CreateHttpClient("dashboard");
        dashboard.DefaultRequestHeaders.Add("x-dashboard-api-key", app.GetParameter("dashboard-api-key").Value);
        var (expected, actual) = await SettleAsync(dashboard, honeycomb, cloudWatch, rollbar, xray, cancellation);

        Assert.Equal(expected, actual);
        Assert.True(Delivered(expected), $"Every sink should have received the workload: {expected}");
        Assert.InRange(expected.XRayTraces, 1, expected.XRaySegments);

        await app.StopAsync(cancellation);

        var summary = Assert.Single(app.Console.RecentLines(ConsoleReporter.AppHostLines), line => line.StartsWith("Spend: ", StringComparison.Ordinal));
        var match = SummaryLine().Match(summary);
        Assert.True(match.Success, summary);
        // The services' last seconds (their shutdown logs) may add to the counts, never take away.
        Assert.True(long.Parse(match.Groups["honeycomb"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= expected.HoneycombEvents, summary);
        Assert.DoesNotContain(HoneycombKey, summary, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(FakeHoneycomb honeycomb, FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar, FakeXRay xray)
    {
        var settings = SinksEndToEndTests.Settings(HoneycombKey, RollbarToken, honeycomb, cloudWatch, rollbar);
        // Log records become Rollbar items too, so a fixed workload gives a known number of items.
        settings["Resources:api:Environment:Rollbar__ReportLogLevel"] = "Information";
        settings["Resources:api:Environment:Rollbar__MaxReportsPerMinute"] = "1000";
        settings["Resources:xray-daemon:Environment:XRAY_ENDPOINT"] = xray.Address.ToString().TrimEnd('/');
        settings["Resources:xray-daemon:Environment:AWS_ACCESS_KEY_ID"] = FakeXRay.AccessKey;
        settings["Resources:xray-daemon:Environment:AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        settings["Resources:xray-daemon:Environment:AWS_REGION"] = FakeXRay.Region;
        return settings;
    }

    /// <summary>
    /// Polls until the dashboard's counts (exported every 5 s) have caught up with the fakes; returns
    /// both sides of the last poll so a mismatch fails with the two sets of numbers.
    /// </summary>
    private static async Task<(Volumes Expected, Volumes Actual)> SettleAsync(HttpClient dashboard, FakeHoneycomb honeycomb,
        FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar, FakeXRay xray, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + SettleWait;
        while (true)
        {
            var expected = Received(honeycomb, cloudWatch, rollbar, xray);
            var report = await dashboard.GetFromJsonAsync<SpendReport>("/api/spend?window=604800", cancellation);
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
