using System.Diagnostics.Metrics;
using Cruddur.ServiceDefaults.Telemetry;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// What the X-Ray exporter did: traces recorded, segments sent, trimmed, or dropped and why.
/// One instance per tracer provider (so a test reads only its own exporter's counts), on the
/// meter and instrument names of <see cref="SinkMeter"/>.
/// </summary>
public sealed class XRayTelemetry : IDisposable
{
    public const string MeterName = SinkMeter.Name;
    public const string TracesCounter = SinkMeter.XRayTracesRecorded;
    public const string SentCounter = SinkMeter.XRaySegmentsSent;
    public const string DroppedCounter = SinkMeter.XRaySegmentsDropped;
    public const string TrimmedCounter = SinkMeter.XRaySegmentsTrimmed;

    public const string QueueFull = "queue_full";
    public const string InvalidTraceId = "invalid_trace_id";
    public const string Oversize = "oversize";
    public const string SendFailed = "send_failed";

    private readonly Counter<long> _traces;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _trimmed;

    public XRayTelemetry()
    {
        Meter = new Meter(MeterName);
        _traces = Meter.CreateCounter<long>(TracesCounter, "{trace}",
            "Traces X-Ray records (and bills): counted once, when the root segment of a sampled trace is sent.");
        _sent = Meter.CreateCounter<long>(SentCounter, "{segment}", "Segment documents sent to the X-Ray daemon.");
        _dropped = Meter.CreateCounter<long>(DroppedCounter, "{segment}", "Segment documents not sent, by reason.");
        _trimmed = Meter.CreateCounter<long>(TrimmedCounter, "{segment}", "Segment documents sent without metadata to fit a datagram.");
    }

    public Meter Meter { get; }

    /// <summary>A segment went out; a root segment (no parent span) also records its trace.</summary>
    public void Sent(bool root)
    {
        _sent.Add(1);
        if (root)
        {
            _traces.Add(1);
        }
    }

    public void Trimmed() => _trimmed.Add(1);

    public void Dropped(string reason) => _dropped.Add(1, SinkMeter.Because(reason));

    public void Dispose() => Meter.Dispose();
}
