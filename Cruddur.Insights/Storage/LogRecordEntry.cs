namespace Cruddur.Insights.Storage;

/// <summary>A log record as stored.</summary>
internal sealed record LogRecordEntry(
    long Sequence,
    long TimeNanos,
    LogLevel Level,
    string SeverityText,
    string Message,
    string? TraceId,
    string? SpanId,
    string? EventName,
    TelemetryAttribute[] Attributes,
    ResourceRecord Resource,
    string Scope);
