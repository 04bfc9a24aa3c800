using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Api;

// The JSON API's shapes: camelCase on the wire, times as ISO 8601, durations in milliseconds.

public sealed record TracePage(int Total, int Offset, int Limit, IReadOnlyList<TraceSummary> Items);

public sealed record TraceSummary(
    string TraceId,
    string XRayTraceId,
    DateTimeOffset StartTime,
    double DurationMs,
    string RootName,
    string RootService,
    int SpanCount,
    bool HasError,
    IReadOnlyList<ServiceSpans> Services);

public sealed record ServiceSpans(string Service, int SpanCount);

public sealed record TraceDetail(
    string TraceId,
    string XRayTraceId,
    DateTimeOffset StartTime,
    double DurationMs,
    bool HasError,
    IReadOnlyList<ServiceSpans> Services,
    IReadOnlyList<SpanDetail> Spans);

public sealed record SpanDetail(
    string SpanId,
    string? ParentSpanId,
    int Depth,
    string Name,
    string Kind,
    string Service,
    DateTimeOffset StartTime,
    double StartOffsetMs,
    double DurationMs,
    string Status,
    string? StatusMessage,
    IReadOnlyList<AttributeItem> Attributes,
    IReadOnlyList<SpanEventItem> Events,
    IReadOnlyList<SpanLinkItem> Links,
    ResourceItem Resource,
    string Scope);

public sealed record AttributeItem(string Key, string Value);

public sealed record SpanEventItem(string Name, DateTimeOffset Time, double OffsetMs, IReadOnlyList<AttributeItem> Attributes);

public sealed record SpanLinkItem(string TraceId, string SpanId, IReadOnlyList<AttributeItem> Attributes);

public sealed record ResourceItem(string ServiceName, IReadOnlyList<AttributeItem> Attributes);

public sealed record LogPage(int Total, int Offset, int Limit, IReadOnlyList<LogItem> Items);

public sealed record LogItem(
    long Sequence,
    DateTimeOffset Time,
    string Level,
    string SeverityText,
    string Service,
    string Message,
    string? TraceId,
    string? SpanId,
    string? EventName,
    IReadOnlyList<AttributeItem> Attributes,
    string Scope);

public sealed record MetricCatalog(IReadOnlyList<ServiceInstruments> Services);

public sealed record ServiceInstruments(string Service, IReadOnlyList<InstrumentItem> Instruments);

public sealed record InstrumentItem(string Name, string Description, string Unit, string Type, int PointCount);

public sealed record InstrumentPoints(string Service, InstrumentItem Instrument, IReadOnlyList<MetricPointItem> Points);

public sealed record MetricPointItem(DateTimeOffset Time, string Series, double Value, HistogramItem? Histogram);

public sealed record HistogramItem(ulong Count, double Sum, double? Min, double? Max, double P50, double P90, double P99);

internal static class TelemetryMapping
{
    public static DateTimeOffset Time(long unixNanos) => DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);

    /// <summary>X-Ray writes the same 128-bit id as 1-{first 8 hex}-{remaining 24 hex}.</summary>
    public static string XRayId(string traceId) => traceId.Length == 32 ? $"1-{traceId[..8]}-{traceId[8..]}" : traceId;

    public static AttributeItem[] Attributes(TelemetryAttribute[] attributes) =>
        [.. attributes.Select(a => new AttributeItem(a.Key, a.Value))];

    public static ServiceSpans[] Services(ServiceSpanCount[] services) =>
        [.. services.Select(s => new ServiceSpans(s.Service, s.SpanCount))];

    public static TraceSummary Summary(TraceRecord trace) => new(
        trace.TraceId,
        XRayId(trace.TraceId),
        Time(trace.StartNanos),
        trace.DurationMs,
        trace.Root.Name,
        trace.Root.Resource.ServiceName,
        trace.Spans.Length,
        trace.HasError,
        Services(trace.Services));

    public static LogItem Log(LogRecordEntry log) => new(
        log.Sequence,
        Time(log.TimeNanos),
        log.Level.ToString(),
        log.SeverityText,
        log.Resource.ServiceName,
        log.Message,
        log.TraceId,
        log.SpanId,
        log.EventName,
        Attributes(log.Attributes),
        log.Scope);
}
