using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// Two traces side by side: spans matched by service, name and occurrence (the n-th span of that service and
/// name in waterfall order: depth first, children by start time); a span only one trace has keeps the other
/// side empty.
/// </summary>
internal static class TraceComparison
{
    public static TraceComparisonResult Compare(TraceRecord a, TraceRecord b, Func<string, string?> dashboardUrl)
    {
        var rows = new List<ComparedSpan>();
        var index = new Dictionary<(string, string, int), int>();
        foreach (var (span, depth, occurrence) in Occurrences(a))
        {
            index[(span.Resource.ServiceName, span.Name, occurrence)] = rows.Count;
            rows.Add(new ComparedSpan(span.Resource.ServiceName, span.Name, occurrence, depth, span.DurationMs, null, null));
        }
        foreach (var (span, depth, occurrence) in Occurrences(b))
        {
            if (index.TryGetValue((span.Resource.ServiceName, span.Name, occurrence), out var at))
            {
                var row = rows[at];
                rows[at] = row with { DurationMsB = span.DurationMs, DifferenceMs = span.DurationMs - row.DurationMsA };
            }
            else
            {
                rows.Add(new ComparedSpan(span.Resource.ServiceName, span.Name, occurrence, depth, null, span.DurationMs, null));
            }
        }
        return new TraceComparisonResult(a.TraceId, b.TraceId, a.DurationMs, b.DurationMs, rows, dashboardUrl(a.TraceId), dashboardUrl(b.TraceId));
    }

    private static IEnumerable<(SpanRecord Span, int Depth, int Occurrence)> Occurrences(TraceRecord trace)
    {
        var seen = new Dictionary<(string, string), int>();
        foreach (var (span, depth) in Waterfall(trace))
        {
            var key = (span.Resource.ServiceName, span.Name);
            var occurrence = seen.GetValueOrDefault(key) + 1;
            seen[key] = occurrence;
            yield return (span, depth, occurrence);
        }
    }

    /// <summary>Depth first from the roots (spans whose parent is not in the trace), children by start time.</summary>
    private static List<(SpanRecord Span, int Depth)> Waterfall(TraceRecord trace)
    {
        var ids = trace.Spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = trace.Spans
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var roots = trace.Spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartNanos);

        var ordered = new List<(SpanRecord, int)>(trace.Spans.Length);
        var stack = new Stack<(SpanRecord Span, int Depth)>(roots.Reverse().Select(s => (s, 0)));
        while (stack.Count > 0)
        {
            var (span, depth) = stack.Pop();
            ordered.Add((span, depth));
            foreach (var child in children[span.SpanId].OrderByDescending(c => c.StartNanos))
            {
                stack.Push((child, depth + 1));
            }
        }
        return ordered;
    }
}
