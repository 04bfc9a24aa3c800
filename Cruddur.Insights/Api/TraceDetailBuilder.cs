using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Api;

/// <summary>Orders a trace's spans as the waterfall shows them: depth first, children by start time.</summary>
internal static class TraceDetailBuilder
{
    public static TraceDetail Build(TraceRecord trace)
    {
        var ids = trace.Spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = trace.Spans
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var roots = trace.Spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartNanos);

        var ordered = new List<SpanDetail>(trace.Spans.Length);
        var stack = new Stack<(SpanRecord Span, int Depth)>(roots.Reverse().Select(s => (s, 0)));
        while (stack.Count > 0)
        {
            var (span, depth) = stack.Pop();
            ordered.Add(Span(span, depth, trace.StartNanos));
            foreach (var child in children[span.SpanId].OrderByDescending(c => c.StartNanos))
            {
                stack.Push((child, depth + 1));
            }
        }

        return new TraceDetail(
            trace.TraceId,
            TelemetryMapping.XRayId(trace.TraceId),
            TelemetryMapping.Time(trace.StartNanos),
            trace.DurationMs,
            trace.HasError,
            TelemetryMapping.Services(trace.Services),
            ordered);
    }

    private static SpanDetail Span(SpanRecord span, int depth, long traceStart) => new(
        span.SpanId,
        span.ParentSpanId,
        depth,
        span.Name,
        span.Kind,
        span.Resource.ServiceName,
        TelemetryMapping.Time(span.StartNanos),
        (span.StartNanos - traceStart) / 1_000_000d,
        span.DurationMs,
        span.Status,
        span.StatusMessage,
        TelemetryMapping.Attributes(span.Attributes),
        [.. span.Events.Select(e => new SpanEventItem(e.Name, TelemetryMapping.Time(e.TimeNanos), (e.TimeNanos - traceStart) / 1_000_000d, TelemetryMapping.Attributes(e.Attributes)))],
        [.. span.Links.Select(l => new SpanLinkItem(l.TraceId, l.SpanId, TelemetryMapping.Attributes(l.Attributes)))],
        new ResourceItem(span.Resource.ServiceName, TelemetryMapping.Attributes(span.Resource.Attributes)),
        span.Scope);
}
