namespace Cruddur.Insights.Analysis;

/// <summary>OTLP times are Unix nanoseconds; the JSON API writes them as ISO 8601.</summary>
internal static class UnixTime
{
    public static DateTimeOffset Of(long unixNanos) => DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);

    public static long Nanos(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
