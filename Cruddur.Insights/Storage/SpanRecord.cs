namespace Cruddur.Insights.Storage;

/// <summary>A span as stored: compact, immutable, ids as lowercase hex.</summary>
internal sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    long StartNanos,
    long EndNanos,
    string Status,
    string? StatusMessage,
    TelemetryAttribute[] Attributes,
    SpanEventRecord[] Events,
    SpanLinkRecord[] Links,
    ResourceRecord Resource,
    string Scope)
{
    public bool IsError => Status == "Error";
    public double DurationMs => (EndNanos - StartNanos) / 1_000_000d;
}

internal sealed record SpanEventRecord(string Name, long TimeNanos, TelemetryAttribute[] Attributes);

internal sealed record SpanLinkRecord(string TraceId, string SpanId, TelemetryAttribute[] Attributes);
