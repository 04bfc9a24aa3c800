using Cruddur.Insights.Api;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// Two traces side by side: spans matched by service, name and occurrence (the n-th span of that service and
/// name in waterfall order); a span only one trace has keeps the other side empty.
/// </summary>
internal static class TraceComparison
{
    public static TraceComparisonResult Compare(TraceDetail a, TraceDetail b)
    {
        var rows = new List<ComparedSpan>();
        var index = new Dictionary<(string, string, int), int>();
        foreach (var (span, occurrence) in Occurrences(a.Spans))
        {
            index[(span.Service, span.Name, occurrence)] = rows.Count;
            rows.Add(new ComparedSpan(span.Service, span.Name, occurrence, span.Depth, span.DurationMs, null, null));
        }
        foreach (var (span, occurrence) in Occurrences(b.Spans))
        {
            if (index.TryGetValue((span.Service, span.Name, occurrence), out var at))
            {
                var row = rows[at];
                rows[at] = row with { DurationMsB = span.DurationMs, DifferenceMs = span.DurationMs - row.DurationMsA };
            }
            else
            {
                rows.Add(new ComparedSpan(span.Service, span.Name, occurrence, span.Depth, null, span.DurationMs, null));
            }
        }
        return new TraceComparisonResult(a.TraceId, b.TraceId, a.DurationMs, b.DurationMs, rows);
    }

    private static IEnumerable<(SpanDetail Span, int Occurrence)> Occurrences(IReadOnlyList<SpanDetail> spans)
    {
        var seen = new Dictionary<(string, string), int>();
        foreach (var span in spans)
        {
            var key = (span.Service, span.Name);
            var occurrence = seen.GetValueOrDefault(key) + 1;
            seen[key] = occurrence;
            yield return (span, occurrence);
        }
    }
}
