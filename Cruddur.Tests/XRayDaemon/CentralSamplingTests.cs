using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay;
using Cruddur.ServiceDefaults.XRay.Sampling;
using Cruddur.Tests.ServiceDefaults.XRay;

using Cruddur.Tests.Support;

namespace Cruddur.Tests.XRayDaemon;

[Collection(XRayAppsCollection.Name)]
public sealed class CentralSamplingTests
{
    [Fact]
    public async Task AddServiceDefaults_DaemonProxyAnswers_CentralRuleReplacesLocalFile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        await using var daemon = await DaemonProcess.StartAsync(DaemonProcess.WithFakeCredentials(DaemonProcess.StartInfo(
            "-o", "-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--endpoint", xray.Address.ToString())), ct);
        using var segments = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        // The local file (the repository's) takes 5 a second; the central rule takes nothing.
        await using var app = await TracedApp.StartAsync(new()
        {
            ["AWS_XRAY_DAEMON_ADDRESS"] = $"tcp:{daemon.Tcp.Authority} udp:127.0.0.1:{((IPEndPoint)segments.Client.LocalEndPoint!).Port}",
            ["OTEL_SERVICE_NAME"] = "cruddur-api",
        }, TracedApp.MapEcho, ct);
        using var client = XRayPropagatorTests.OutsideClient();

        string? traceState = null;
        for (var attempt = 0; attempt < 50 && traceState != "xray=0"; attempt++)
        {
            await Task.Delay(100, ct);
            traceState = (await client.GetFromJsonAsync<Echo>(new Uri(app.Address, "/echo"), ct))?.TraceState;
        }

        // A new second: under the local rule its first requests would come from the reservoir.
        await Task.Delay(1100, ct);
        var next = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            next.Add((await client.GetFromJsonAsync<Echo>(new Uri(app.Address, "/echo"), ct))?.TraceState);
        }

        Assert.Equal("xray=0", traceState);
        Assert.Equal(["xray=0", "xray=0", "xray=0"], next);
        Assert.Contains("/GetSamplingRules", xray.ProxiedPaths);
    }

    [Fact]
    public async Task CentralRule_StatisticsReportedToSamplingTargets_TargetQuotaRateTtlAndIntervalApplied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        xray.RulesReply = FakeXRay.SamplingRulesReply.Replace("\"ReservoirSize\":0", "\"ReservoirSize\":5", StringComparison.Ordinal);
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var rules = new SamplingRules([], clock, () => 0.5);
        await using var through = await CentralThroughDaemon.StartAsync(xray, rules, ct);
        var central = through.Central;
        // No target yet: one borrowed a second, then the rule's fixed rate (0).
        var beforeTarget = Enumerable.Range(0, 4).Select(_ => rules.ShouldSample(HomeFeed)).ToList();
        var quotaExpires = clock.Now.AddSeconds(60);
        xray.TargetsReply = $$"""
            {"SamplingTargetDocuments":[{"RuleName":"Central","FixedRate":0.0,"ReservoirQuota":2,"ReservoirQuotaTTL":{{quotaExpires.ToUnixTimeSeconds()}},"Interval":30}],
             "LastRuleModification":1.0,"UnprocessedStatistics":[]}
            """;

        Assert.True(await central.ReportAsync());
        var withQuota = Enumerable.Range(0, 3).Select(_ => rules.ShouldSample(HomeFeed)).ToList();
        Assert.False(await central.ReportAsync()); // the target's Interval (30 s) has not passed
        clock.Advance(TimeSpan.FromSeconds(61));
        var quotaExpired = Enumerable.Range(0, 2).Select(_ => rules.ShouldSample(HomeFeed)).ToList();
        Assert.True(await central.ReportAsync());

        Assert.Equal([true, false, false, false], beforeTarget);
        Assert.Equal([true, true, false], withQuota);
        Assert.Equal([true, false], quotaExpired);
        Assert.Empty(xray.Violations);
        var reports = xray.Statistics.ToList();
        Assert.Equal(2, reports.Count);
        Assert.All(reports, report =>
        {
            Assert.Equal("Central", report.GetProperty("RuleName").GetString());
            Assert.Equal(central.ClientId, report.GetProperty("ClientID").GetString());
        });
        Assert.Equal((4, 1, 1), Counts(reports[0]));
        Assert.Equal((5, 3, 1), Counts(reports[1]));
    }

    [Fact]
    public async Task AccountsDefaultRule_DecidesUnmatchedRequests_AndIsReportedToSamplingTargets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        // As X-Ray lists them: a rule for another service, and the account's Default rule, here turned off.
        xray.RulesReply = """
            {"SamplingRuleRecords":[
              {"SamplingRule":{"RuleName":"Other","RuleARN":"arn:aws:xray:us-east-1:123456789012:sampling-rule/Other","ResourceARN":"*","Priority":1,"FixedRate":1.0,"ReservoirSize":0,"ServiceName":"someone-else","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{}},"CreatedAt":1.7E9,"ModifiedAt":1.7E9},
              {"SamplingRule":{"RuleName":"Default","RuleARN":"arn:aws:xray:us-east-1:123456789012:sampling-rule/Default","ResourceARN":"*","Priority":10000,"FixedRate":0.0,"ReservoirSize":0,"ServiceName":"*","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{}},"CreatedAt":0.0,"ModifiedAt":1.7E9}]}
            """;
        var rules = new SamplingRules([], new FixedClock(DateTimeOffset.UtcNow), () => 0.5);
        await using var through = await CentralThroughDaemon.StartAsync(xray, rules, ct);
        var central = through.Central;
        // The built-in default would take the first request of the second; the account's takes none.
        var decisions = Enumerable.Range(0, 3).Select(_ => rules.ShouldSample(HomeFeed)).ToList();
        Assert.True(await central.ReportAsync());

        Assert.Equal([false, false, false], decisions);
        Assert.Empty(xray.Violations);
        var reported = xray.Statistics.ToDictionary(report => report.GetProperty("RuleName").GetString()!, Counts);
        Assert.Equal((3, 0, 0), reported["Default"]);
        Assert.Equal((0, 0, 0), reported["Other"]);
    }

    private static readonly SamplingRequest HomeFeed = new("cruddur-api", "", "localhost", "GET", "/api/activities/home");

    /// <summary>The real daemon in front of the X-Ray fake, and centralized sampling through it once X-Ray's rules are in force.</summary>
    private sealed class CentralThroughDaemon(DaemonProcess daemon, CentralSamplingRules central) : IAsyncDisposable
    {
        public CentralSamplingRules Central => central;

        public static async Task<CentralThroughDaemon> StartAsync(FakeXRay xray, SamplingRules rules, CancellationToken ct)
        {
            var daemon = await DaemonProcess.StartAsync(DaemonProcess.WithFakeCredentials(DaemonProcess.StartInfo(
                "-o", "-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--endpoint", xray.Address.ToString())), ct);
            // Statistics are reported by the test (ReportAsync), not on a timer.
            var central = new CentralSamplingRules(rules, new XRayEndpoint(daemon.Tcp.Host, daemon.Tcp.Port), TimeSpan.FromHours(1),
                targetsInterval: Timeout.InfiniteTimeSpan);
            for (var attempt = 0; attempt < 100 && !central.IsCentral; attempt++)
            {
                await central.RefreshAsync();
                await Task.Delay(50, ct);
            }

            Assert.True(central.IsCentral);
            return new CentralThroughDaemon(daemon, central);
        }

        public async ValueTask DisposeAsync()
        {
            central.Dispose();
            await daemon.DisposeAsync();
        }
    }

    private static (long, long, long) Counts(JsonElement report) =>
        (report.GetProperty("RequestCount").GetInt64(), report.GetProperty("SampledCount").GetInt64(), report.GetProperty("BorrowCount").GetInt64());

    [Fact]
    public void Read_Records_KeepsOnlyRulesAServiceCanApply_AndXRaysDefault()
    {
        using var reply = JsonDocument.Parse("""
            {"SamplingRuleRecords": [
              {"SamplingRule": {"RuleName": "Ok", "ResourceARN": "*", "Priority": 5, "FixedRate": 0.5, "ReservoirSize": 1, "ServiceName": "*", "ServiceType": "*", "Host": "*", "HTTPMethod": "*", "URLPath": "*", "Version": 1}},
              {"SamplingRule": {"RuleName": "Attrs", "ResourceARN": "*", "Priority": 6, "FixedRate": 0.5, "ReservoirSize": 1, "ServiceName": "*", "ServiceType": "*", "Host": "*", "HTTPMethod": "*", "URLPath": "*", "Version": 1, "Attributes": {"k": "v"}}},
              {"SamplingRule": {"RuleName": "Arn", "ResourceARN": "arn:x", "Priority": 7, "FixedRate": 0.5, "ReservoirSize": 1, "ServiceName": "*", "ServiceType": "*", "Host": "*", "HTTPMethod": "*", "URLPath": "*", "Version": 1}},
              {"SamplingRule": {"RuleName": "Default", "ResourceARN": "*", "Priority": 10000, "FixedRate": 0.05, "ReservoirSize": 1, "ServiceName": "*", "ServiceType": "*", "Host": "*", "HTTPMethod": "*", "URLPath": "*", "Version": 1}},
              {"NoRule": true}
            ]}
            """);

        var rules = CentralSamplingRules.Read(reply.RootElement).ToList();

        Assert.Equal(["Ok", "Default"], rules.Select(rule => rule.RuleName));
    }
}
