using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay;
using OpenTelemetry;

namespace Cruddur.Tests.ServiceDefaults.XRay;

[Collection(XRayAppsCollection.Name)]
public sealed class XRaySegmentExporterTests
{
    private static readonly Dictionary<string, object> Resource = new() { ["service.name"] = "cruddur-api" };

    [Fact]
    public async Task Export_SampledSpan_OneDatagramWithHeaderAndDocument()
    {
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var telemetry = new XRayTelemetry();
        using var counters = new CounterRecorder(telemetry.Meter);
        using var exporter = new XRaySegmentExporter(Endpoint(daemon), () => Resource, telemetry);
        var span = FreshSpan("xray=1");

        Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>([span], 1)));
        var received = await daemon.ReceiveAsync(TestContext.Current.CancellationToken);

        var text = Encoding.UTF8.GetString(received.Buffer);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        Assert.Equal("{\"format\": \"json\", \"version\": 1}", text[..newline]);
        var document = JsonDocument.Parse(text[(newline + 1)..]).RootElement;
        Assert.Equal(span.SpanId.ToHexString(), document.GetProperty("id").GetString());
        Assert.Equal(1, counters[XRayTelemetry.SentCounter]);
    }

    [Fact]
    public void Datagram_HugeMetadata_TrimmedToFit()
    {
        var span = FreshSpan("xray=1", activity => activity.SetTag("app.payload", new string('x', 70_000)));

        var datagram = XRaySegmentExporter.Datagram(span, Resource, DateTimeOffset.UtcNow, out var reason, out var trimmed);

        Assert.NotNull(datagram);
        Assert.Null(reason);
        Assert.True(trimmed);
        Assert.InRange(datagram.Length, 1, 64 * 1024);
        Assert.DoesNotContain("app.payload", Encoding.UTF8.GetString(datagram), StringComparison.Ordinal);
    }

    [Fact]
    public void Datagram_HugeExceptionMessage_DroppedAsOversize()
    {
        var span = FreshSpan("xray=1", activity => activity.AddEvent(new ActivityEvent("exception",
            tags: new ActivityTagsCollection { ["exception.message"] = new string('x', 70_000) })));

        var datagram = XRaySegmentExporter.Datagram(span, Resource, DateTimeOffset.UtcNow, out var reason, out _);

        Assert.Null(datagram);
        Assert.Equal(XRayTelemetry.Oversize, reason);
    }

    [Fact]
    public async Task Export_OldTraceAndUnsampledAndOversize_CountedNotSent()
    {
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var telemetry = new XRayTelemetry();
        using var counters = new CounterRecorder(telemetry.Meter);
        using var exporter = new XRaySegmentExporter(Endpoint(daemon), () => Resource, telemetry);
        var old = SpanFactory.Finished("old", ActivityKind.Server, withParent: true);
        var unsampled = FreshSpan("xray=0");
        var huge = FreshSpan("xray=1", activity => activity.SetStatus(ActivityStatusCode.Error, new string('x', 70_000)));
        var good = FreshSpan("xray=1");

        exporter.Export(new Batch<Activity>([old, unsampled, huge, good], 4));
        var received = await daemon.ReceiveAsync(TestContext.Current.CancellationToken);

        Assert.Contains(good.SpanId.ToHexString(), Encoding.UTF8.GetString(received.Buffer), StringComparison.Ordinal);
        Assert.Equal(0, daemon.Available);
        Assert.Equal(1, counters[XRayTelemetry.SentCounter]);
        Assert.Equal(1, counters[$"{XRayTelemetry.DroppedCounter}/{XRayTelemetry.InvalidTraceId}"]);
        Assert.Equal(1, counters[$"{XRayTelemetry.DroppedCounter}/{XRayTelemetry.Oversize}"]);
    }

    [Fact]
    public void OnEnd_QueueFull_DropsAndCountsWithoutBlocking()
    {
        using var telemetry = new XRayTelemetry();
        using var counters = new CounterRecorder(telemetry.Meter);
        using var gate = new ManualResetEventSlim();
        var exporter = new GatedExporter(gate);
        using var processor = new XRayExportProcessor(exporter, telemetry, capacity: 4);
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 50; i++)
        {
            processor.OnEnd(FreshSpan("xray=1"));
        }

        watch.Stop();
        gate.Set();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        Assert.True(processor.ForceFlush(5_000));
        // Every span was either exported or counted as dropped; while the first batch was held in the
        // exporter (its size depends on when the sender woke), only the four queued ones could follow.
        var dropped = counters[$"{XRayTelemetry.DroppedCounter}/{XRayTelemetry.QueueFull}"];
        Assert.Equal(50, dropped + exporter.Exported);
        Assert.InRange(exporter.Exported, 1, exporter.FirstBatch + 4);
    }

    [Fact]
    public async Task AddServiceDefaults_DaemonAddressSet_ServerSpanReachesUdpDaemon()
    {
        var ct = TestContext.Current.CancellationToken;
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var app = await TracedApp.StartAsync(new()
        {
            ["AWS_XRAY_DAEMON_ADDRESS"] = $"tcp:127.0.0.1:1 udp:{Endpoint(daemon)}",
            ["OTEL_SERVICE_NAME"] = "cruddur-api",
        }, TracedApp.MapEcho, ct);
        using var client = XRayPropagatorTests.OutsideClient();

        using var response = await client.GetAsync(new Uri(app.Address, "/echo?x=1"), ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var received = await daemon.ReceiveAsync(timeout.Token);

        var text = Encoding.UTF8.GetString(received.Buffer);
        var document = JsonDocument.Parse(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..]).RootElement;
        Assert.Equal("cruddur-api", document.GetProperty("name").GetString());
        Assert.Equal(200, document.GetProperty("http").GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("GET", document.GetProperty("http").GetProperty("request").GetProperty("method").GetString());
        // Query values redacted, as the ASP.NET Core instrumentation records them.
        Assert.EndsWith("/echo?x=Redacted", document.GetProperty("http").GetProperty("request").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("cruddur-api", document.GetProperty("metadata").GetProperty("default").GetProperty("otel.resource.service.name").GetString());
    }

    internal static XRayEndpoint Endpoint(UdpClient daemon) =>
        new("127.0.0.1", ((IPEndPoint)daemon.Client.LocalEndPoint!).Port);

    internal static Activity FreshSpan(string traceState, Action<Activity>? configure = null)
    {
        var parent = new ActivityContext(XRayTraceIds.NewTraceId(TimeProvider.System), ActivitySpanId.CreateRandom(),
            ActivityTraceFlags.Recorded, traceState, isRemote: true);
        using var source = new ActivitySource("Cruddur.Tests.ServiceDefaults.XRay.Exporter");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var activity = source.StartActivity("GET", ActivityKind.Server, parent)!;
        configure?.Invoke(activity);
        activity.Stop();
        return activity;
    }

    /// <summary>An exporter stuck until the test opens the gate, as a slow network would be.</summary>
    private sealed class GatedExporter(ManualResetEventSlim gate) : BaseExporter<Activity>
    {
        private long _exported;

        public long Exported => Interlocked.Read(ref _exported);

        /// <summary>The size of the batch that waited at the gate.</summary>
        public long FirstBatch { get; private set; } = -1;

        public override ExportResult Export(in Batch<Activity> batch)
        {
            if (FirstBatch < 0)
            {
                FirstBatch = batch.Count;
            }
            Interlocked.Add(ref _exported, batch.Count);
            gate.Wait(TimeSpan.FromSeconds(10));
            return ExportResult.Success;
        }
    }
}
