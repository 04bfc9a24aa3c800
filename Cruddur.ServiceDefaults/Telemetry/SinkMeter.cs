using System.Diagnostics.Metrics;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// The <c>Cruddur.Telemetry</c> meter: per sink, what was sent (in the unit the sink bills) and
/// what was dropped or rejected. One instrument per quantity, so each has one unit and its sum
/// over attributes means something; drops carry a <c>reason</c> attribute.
/// </summary>
public static class SinkMeter
{
    public const string Name = "Cruddur.Telemetry";
    public const string Reason = "reason";

    public const string HoneycombEventsSent = "cruddur.honeycomb.events.sent";
    public const string HoneycombEventsDropped = "cruddur.honeycomb.events.dropped";
    public const string XRayTracesRecorded = "cruddur.xray.traces.recorded";
    public const string XRaySegmentsSent = "cruddur.xray.segments.sent";
    public const string XRaySegmentsDropped = "cruddur.xray.segments.dropped";
    public const string XRaySegmentsTrimmed = "cruddur.xray.segments.trimmed";
    public const string CloudWatchEventsSent = "cruddur.cloudwatch.events.sent";
    public const string CloudWatchEventsDropped = "cruddur.cloudwatch.events.dropped";
    public const string CloudWatchEventsRejected = "cruddur.cloudwatch.events.rejected";
    public const string CloudWatchBytesSent = "cruddur.cloudwatch.bytes.sent";
    public const string RollbarItemsSent = "cruddur.rollbar.items.sent";
    public const string RollbarItemsDropped = "cruddur.rollbar.items.dropped";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> HoneycombSent = Meter.CreateCounter<long>(HoneycombEventsSent, "{event}",
        "Events Honeycomb accepted: each span, span event and span link is one event, as Honeycomb bills.");

    public static readonly Counter<long> HoneycombDropped = Meter.CreateCounter<long>(HoneycombEventsDropped, "{event}",
        "Events not delivered to Honeycomb: the export failed (spans the SDK's own batch queue drops are not counted: it keeps that number internal).");

    public static readonly Counter<long> CloudWatchSent = Meter.CreateCounter<long>(CloudWatchEventsSent, "{event}",
        "Log events CloudWatch Logs accepted.");

    public static readonly Counter<long> CloudWatchDropped = Meter.CreateCounter<long>(CloudWatchEventsDropped, "{event}",
        "Log events dropped: queue full or a batch CloudWatch Logs refused.");

    public static readonly Counter<long> CloudWatchRejected = Meter.CreateCounter<long>(CloudWatchEventsRejected, "{event}",
        "Log events CloudWatch Logs reported in rejectedLogEventsInfo (too new, too old, expired).");

    public static readonly Counter<long> CloudWatchBytes = Meter.CreateCounter<long>(CloudWatchBytesSent, "By",
        "PutLogEvents bytes ingested as CloudWatch counts them (UTF-8 message bytes + 26 per event).");

    public static readonly Counter<long> RollbarSent = Meter.CreateCounter<long>(RollbarItemsSent, "{item}",
        "Items Rollbar accepted.");

    public static readonly Counter<long> RollbarDropped = Meter.CreateCounter<long>(RollbarItemsDropped, "{item}",
        "Items not delivered to Rollbar: queue full, refused or unreachable.");

    public static KeyValuePair<string, object?> Because(string reason) => new(Reason, reason);
}
