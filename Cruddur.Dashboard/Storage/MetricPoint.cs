namespace Cruddur.Dashboard.Storage;

/// <summary>One point of one series; histograms carry their percentiles, computed once at ingest.</summary>
internal sealed record MetricPoint(
    long TimeNanos,
    TelemetryAttribute[] Attributes,
    double Value,
    HistogramSummary? Histogram);

internal sealed record HistogramSummary(ulong Count, double Sum, double? Min, double? Max, double P50, double P90, double P99);
