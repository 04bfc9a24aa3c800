using System.Diagnostics.Metrics;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>What the CloudWatch Logs sink did, on the meter <c>Cruddur.Telemetry</c>.</summary>
internal static class CloudWatchMetrics
{
    public const string MeterName = "Cruddur.Telemetry";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsSent = Meter.CreateCounter<long>("cruddur.cloudwatch.events.sent", "{event}",
        "Log events CloudWatch Logs accepted.");

    public static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>("cruddur.cloudwatch.events.dropped", "{event}",
        "Log events dropped: queue full or a batch CloudWatch Logs refused.");

    public static readonly Counter<long> EventsRejected = Meter.CreateCounter<long>("cruddur.cloudwatch.events.rejected", "{event}",
        "Log events CloudWatch Logs reported in rejectedLogEventsInfo (too new, too old, expired).");

    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("cruddur.cloudwatch.bytes.sent", "By",
        "PutLogEvents bytes as CloudWatch counts them (message bytes + 26 per event).");
}
