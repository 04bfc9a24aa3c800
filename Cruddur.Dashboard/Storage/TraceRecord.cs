namespace Cruddur.Dashboard.Storage;

/// <summary>Immutable snapshot of one trace; a new snapshot replaces it when more spans arrive.</summary>
internal sealed class TraceRecord
{
    private TraceRecord(string traceId, SpanRecord[] spans, long sequence)
    {
        TraceId = traceId;
        Spans = spans;
        Sequence = sequence;
        StartNanos = spans.Min(s => s.StartNanos);
        EndNanos = spans.Max(s => s.EndNanos);
        var ids = new HashSet<string>(spans.Select(s => s.SpanId), StringComparer.Ordinal);
        Root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartNanos) ?? spans[0];
        HasError = spans.Any(s => s.IsError);
        Services = spans.GroupBy(s => s.Resource.ServiceName)
            .Select(g => new ServiceSpanCount(g.Key, g.Count()))
            .OrderBy(s => s.Service, StringComparer.Ordinal)
            .ToArray();
    }

    public string TraceId { get; }
    public SpanRecord[] Spans { get; }
    public long Sequence { get; }
    public long StartNanos { get; }
    public long EndNanos { get; }
    public SpanRecord Root { get; }
    public bool HasError { get; }
    public ServiceSpanCount[] Services { get; }
    public double DurationMs => (EndNanos - StartNanos) / 1_000_000d;

    public static TraceRecord Create(string traceId, SpanRecord[] spans, long sequence) => new(traceId, spans, sequence);

    /// <summary>Adds spans not seen yet (exporters retry, so a span may come twice).</summary>
    public TraceRecord Merge(IReadOnlyList<SpanRecord> more)
    {
        var known = new HashSet<string>(Spans.Select(s => s.SpanId), StringComparer.Ordinal);
        var added = more.Where(s => known.Add(s.SpanId)).ToArray();
        return added.Length == 0 ? this : new TraceRecord(TraceId, [.. Spans, .. added], Sequence);
    }
}

internal sealed record ServiceSpanCount(string Service, int SpanCount);
