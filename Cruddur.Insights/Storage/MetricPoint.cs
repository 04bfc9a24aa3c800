namespace Cruddur.Insights.Storage;

/// <summary>
/// One point of one series. Sums carry their start time (for a cumulative counter, when its process
/// began counting; 0 unknown).
/// </summary>
internal sealed record MetricPoint(
    long TimeNanos,
    TelemetryAttribute[] Attributes,
    double Value,
    long StartTimeNanos = 0);
