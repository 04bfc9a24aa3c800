using System.Diagnostics;
using System.Net;
using Cruddur.ServiceDefaults.XRay;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.Drills;

/// <summary>
/// Failure drills: 2,000 requests at concurrency 20 through the real gateway and api while a sink is
/// down, refusing, slow or throttling. Users must not notice — every request succeeds, p99 stays near
/// the healthy run of the same test, memory stays bounded — what is lost is counted, and what was
/// queued is delivered once the sink is back.
/// </summary>
[Collection(DrillsCollection.Name)]
public sealed class SinkFailureDrillTests
{
    private const int Requests = 2_000;
    // Both services write one access-log line per request.
    private const int AccessLinesPerPhase = 2 * Requests;
    private const long MaxMemoryGrowthBytes = 150L * 1024 * 1024;
    private static readonly TimeSpan RecoveryWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EverySinkRefusingConnections_RequestsUnhurt_QueueOverflowCounted_QueuedLogsDeliveredAfter()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // A small CloudWatch queue, so the outage overflows it and the drops must show in the counter.
        await using var rig = await DrillRig.StartAsync(new Dictionary<string, string> { ["CloudWatch__MaxQueuedMessages"] = "500" }, cancellation);

        var drill = await RunDrillAsync(rig, "refused", () =>
        {
            foreach (var relay in rig.Switches)
            {
                relay.Mode = SinkSwitchMode.Refuse;
            }

            rig.StopDaemon();
            return Task.CompletedTask;
        }, cancellation);

        await WaitForAsync(() => rig.Counter(DrillRig.Api, "cruddur.cloudwatch.events.dropped", "queue_full") > 0
            && rig.Counter(DrillRig.Gateway, "cruddur.cloudwatch.events.dropped", "queue_full") > 0
            && rig.Counter(DrillRig.Gateway, XRayTelemetry.DroppedCounter, XRayTelemetry.SendFailed) > 0, "the drops to be counted");
        foreach (var relay in rig.Switches)
        {
            relay.Mode = SinkSwitchMode.Pass;
        }

        rig.StartDaemon();
        var datagrams = rig.Datagrams;
        // What each service kept in its queue (up to 500 events) reaches CloudWatch after the outage.
        await WaitForAsync(() => rig.CloudWatchEventsOf(drill) >= 500, "the queued access logs to reach CloudWatch");
        await rig.LoadAsync("recovered", 200, cancellation);
        await WaitForAsync(() => rig.Datagrams > datagrams, "segments to reach the daemon again");
    }

    [Fact]
    public async Task EverySinkAnsweringAfter5Seconds_RequestsUnhurt_EveryLogDeliveredNoneDropped()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var rig = await DrillRig.StartAsync(null, cancellation);

        var drill = await RunDrillAsync(rig, "slow", () =>
        {
            foreach (var relay in rig.Switches)
            {
                relay.Mode = SinkSwitchMode.Slow;
            }

            return Task.CompletedTask;
        }, cancellation);

        foreach (var relay in rig.Switches)
        {
            relay.Mode = SinkSwitchMode.Pass;
        }

        await EveryAccessLogDeliveredNoneDroppedAsync(rig, drill, "every access log of the slow phase to reach CloudWatch");
    }

    [Fact]
    public async Task CloudWatchThrottling_RequestsUnhurt_RetriedNotDropped_EveryLogDeliveredAfter()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var rig = await DrillRig.StartAsync(null, cancellation);

        var drill = await RunDrillAsync(rig, "throttled", () =>
        {
            rig.CloudWatch.Mode = FakeCloudWatchMode.Throttling;
            return Task.CompletedTask;
        }, cancellation);

        Assert.Contains("ThrottlingException", rig.CloudWatch.Errors);
        Assert.Equal(0, rig.CloudWatchEventsOf(drill));
        rig.CloudWatch.Mode = FakeCloudWatchMode.Normal;
        await EveryAccessLogDeliveredNoneDroppedAsync(rig, drill, "every throttled access log to reach CloudWatch");
    }

    [Fact]
    public async Task Rollbar429_RequestsUnhurt_NoRetryStorm_QueuedItemsDeliveredAfter()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // Every access-log line becomes a Rollbar item, so the load produces items while Rollbar says 429.
        await using var rig = await DrillRig.StartAsync(new Dictionary<string, string>
        {
            ["Rollbar__ReportLogLevel"] = "Information",
            ["Rollbar__MaxReportsPerMinute"] = "100000",
        }, cancellation);

        long droppedBefore = 0;
        var drill = await RunDrillAsync(rig, "ratelimited", () =>
        {
            droppedBefore = rig.Counter(DrillRig.Api, "cruddur.rollbar.items.dropped", "queue_full");
            rig.Rollbar.RateLimit = 0;
            rig.Rollbar.RateWindow = TimeSpan.FromSeconds(1);
            return Task.CompletedTask;
        }, cancellation);

        // 2,000 items against a queue of 100 while Rollbar pauses the sender: the overflow is counted.
        await WaitForAsync(() => rig.Counter(DrillRig.Api, "cruddur.rollbar.items.dropped", "queue_full") > droppedBefore,
            "the Rollbar queue's overflow to be counted");

        var refused = rig.Rollbar.Answers.Count(answer => answer.Status == 429);
        Assert.InRange(refused, 1, 100);
        Assert.Contains(rig.ApiService.ErrorOutput, line => line.Contains("Rollbar: rate limited", StringComparison.Ordinal));
        rig.Rollbar.RateLimit = null;
        await rig.Rollbar.WaitForItemAsync(item => item.ToJsonString().Contains($"?drill={drill} ", StringComparison.Ordinal), RecoveryWait);
    }

    [Fact]
    public async Task OtlpReceiverKilledMidRun_RequestsUnhurt_NewReceiverGetsTracesAgain()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var rig = await DrillRig.StartAsync(null, cancellation);
        var killed = 0;

        await RunDrillAsync(rig, "otlpkilled", () => Task.CompletedTask, cancellation, async done =>
        {
            if (done == Requests / 2 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                await rig.KillOtlpReceiverAsync();
            }
        });

        Assert.Equal(1, killed);
        await rig.RestartOtlpReceiverAsync(cancellation);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = rig.GatewayService.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request, cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await rig.Otlp.WaitForAsync(received => received.Any(span => span.TraceId == traceId), RecoveryWait, cancellation);
        Assert.Contains(spans, span => span.TraceId == traceId);
    }

    [Fact]
    public async Task NoXRayDaemon_RequestsUnhurt_SegmentsCountedAsSendFailed_SentAgainOnceBack()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var rig = await DrillRig.StartAsync(null, cancellation);

        await RunDrillAsync(rig, "nodaemon", () =>
        {
            rig.StopDaemon();
            return Task.CompletedTask;
        }, cancellation);

        await WaitForAsync(() => rig.Counter(DrillRig.Gateway, XRayTelemetry.DroppedCounter, XRayTelemetry.SendFailed) > 0
            && rig.Counter(DrillRig.Api, XRayTelemetry.DroppedCounter, XRayTelemetry.SendFailed) > 0, "failed sends to be counted");
        rig.StartDaemon();
        var datagrams = rig.Datagrams;
        await rig.LoadAsync("daemonback", 200, cancellation);
        await WaitForAsync(() => rig.Datagrams > datagrams, "segments to reach the daemon again");
    }

    /// <summary>
    /// Warm-up, a healthy run, the failure, the same load again; then the user-facing assertions.
    /// Returns the drill phase's name, which tags its requests' access-log lines.
    /// </summary>
    private static async Task<string> RunDrillAsync(DrillRig rig, string phase, Func<Task> fail, CancellationToken cancellation,
        Func<int, Task>? duringLoad = null)
    {
        await rig.LoadAsync("warmup", 400, cancellation);
        var healthy = await rig.LoadAsync("healthy", Requests, cancellation);
        var memoryBefore = rig.MemoryBytes;
        await fail();
        var drill = await rig.LoadAsync(phase, Requests, cancellation, duringLoad);
        var memoryAfter = rig.MemoryBytes;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{phase}: p50 {drill.P50Ms:0.0} ms, p99 {drill.P99Ms:0.0} ms (healthy {healthy.P50Ms:0.0} / {healthy.P99Ms:0.0} ms); memory {(memoryAfter - memoryBefore) / 1024 / 1024:+0;-0} MB");

        Assert.Empty(healthy.Failures);
        Assert.Empty(drill.Failures);
        // 1.5x the healthy p99 of this very test, plus 25 ms: two shared cores add scheduling noise of
        // that order to any single run, whatever the sinks do.
        Assert.True(drill.P99Ms <= (healthy.P99Ms * 1.5) + 25,
            $"p99 {drill.P99Ms:0.0} ms with the failure against {healthy.P99Ms:0.0} ms healthy (p50 {drill.P50Ms:0.0} / {healthy.P50Ms:0.0} ms).");
        Assert.True(memoryAfter - memoryBefore <= MaxMemoryGrowthBytes,
            $"gateway + api grew by {(memoryAfter - memoryBefore) / 1024 / 1024} MB during the drill.");
        Assert.False(rig.ApiService.HasExited);
        Assert.False(rig.GatewayService.HasExited);
        return phase;
    }

    /// <summary>Both services' access-log lines of the phase all reach CloudWatch, and neither dropped an event.</summary>
    private static async Task EveryAccessLogDeliveredNoneDroppedAsync(DrillRig rig, string drill, string what)
    {
        await WaitForAsync(() => rig.CloudWatchEventsOf(drill) >= AccessLinesPerPhase, what);
        Assert.Equal(0, rig.Counter(DrillRig.Api, "cruddur.cloudwatch.events.dropped"));
        Assert.Equal(0, rig.Counter(DrillRig.Gateway, "cruddur.cloudwatch.events.dropped"));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + RecoveryWait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
