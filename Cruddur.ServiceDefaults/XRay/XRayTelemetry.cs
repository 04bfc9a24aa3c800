using System.Diagnostics.Metrics;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>What the X-Ray exporter did with segments: sent, trimmed, or dropped and why.</summary>
public sealed class XRayTelemetry : IDisposable
{
    public const string MeterName = "Cruddur.Telemetry";
    public const string SentCounter = "cruddur.xray.segments.sent";
    public const string DroppedCounter = "cruddur.xray.segments.dropped";
    public const string TrimmedCounter = "cruddur.xray.segments.trimmed";

    public const string QueueFull = "queue_full";
    public const string InvalidTraceId = "invalid_trace_id";
    public const string Oversize = "oversize";
    public const string SendFailed = "send_failed";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _trimmed;

    public XRayTelemetry()
    {
        Meter = new Meter(MeterName);
        _sent = Meter.CreateCounter<long>(SentCounter, "{segment}", "Segment documents sent to the X-Ray daemon.");
        _dropped = Meter.CreateCounter<long>(DroppedCounter, "{segment}", "Segment documents not sent, by reason.");
        _trimmed = Meter.CreateCounter<long>(TrimmedCounter, "{segment}", "Segment documents sent without metadata to fit a datagram.");
    }

    public Meter Meter { get; }

    public void Sent() => _sent.Add(1);

    public void Trimmed() => _trimmed.Add(1);

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => Meter.Dispose();
}
