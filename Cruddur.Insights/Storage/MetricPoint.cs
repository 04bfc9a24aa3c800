namespace Cruddur.Insights.Storage;

/// <summary>
/// One point of one series; histograms carry their percentiles, computed once at ingest. Sums
/// carry their start time (for a cumulative counter, when its process began counting; 0 unknown).
/// </summary>
internal sealed record MetricPoint(
    long TimeNanos,
    TelemetryAttribute[] Attributes,
    double Value,
    HistogramSummary? Histogram,
    long StartTimeNanos = 0);

internal sealed record HistogramSummary(ulong Count, double Sum, double? Min, double? Max, double P50, double P90, double P99);
