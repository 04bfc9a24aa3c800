namespace Cruddur.Insights.Storage;

/// <summary>Immutable snapshot of one trace; a new snapshot replaces it when more spans arrive.</summary>
internal sealed class TraceRecord
{
    // Built under the store's lock on every batch that touches the trace, so plain loops: a trace has
    // a handful of spans, and LINQ's iterators, sets and groupings cost more than the work itself.
    private TraceRecord(string traceId, SpanRecord[] spans, long sequence)
    {
        TraceId = traceId;
        Spans = spans;
        Sequence = sequence;
        var start = long.MaxValue;
        var end = long.MinValue;
        var hasError = false;
        SpanRecord? root = null;
        var ids = new SpanIds(spans);
        var services = new List<ServiceSpanCount>(2);
        foreach (var span in spans)
        {
            start = Math.Min(start, span.StartNanos);
            end = Math.Max(end, span.EndNanos);
            hasError |= span.IsError;
            // The root: no parent, or a parent not (yet) received; the earliest if several.
            if ((span.ParentSpanId is null || !ids.Contains(span.ParentSpanId)) && (root is null || span.StartNanos < root.StartNanos))
            {
                root = span;
            }
            var service = services.FindIndex(s => s.Service == span.Resource.ServiceName);
            if (service < 0)
            {
                services.Add(new ServiceSpanCount(span.Resource.ServiceName, 1));
            }
            else
            {
                services[service] = services[service] with { SpanCount = services[service].SpanCount + 1 };
            }
        }
        StartNanos = start;
        EndNanos = end;
        HasError = hasError;
        Root = root ?? spans[0];
        services.Sort((a, b) => string.CompareOrdinal(a.Service, b.Service));
        Services = [.. services];
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
        var known = new SpanIds(Spans);
        var added = Distinct(more, known);
        return added.Length == 0 ? this : new TraceRecord(TraceId, [.. Spans, .. added], Sequence);
    }

    /// <summary>Distinct by span id, the first of each kept, leaving out the <paramref name="known"/> ones.</summary>
    public static SpanRecord[] Distinct(IReadOnlyList<SpanRecord> spans, SpanIds known = default)
    {
        var distinct = new List<SpanRecord>(spans.Count);
        var seen = new SpanIds(distinct, spans.Count);
        foreach (var span in spans)
        {
            if (!known.Contains(span.SpanId) && !seen.Contains(span.SpanId))
            {
                distinct.Add(span);
                seen.Added(span);
            }
        }
        return [.. distinct];
    }

    /// <summary>
    /// Span id lookup: a scan for the usual handful of spans, a hash set past <see cref="ScanLimit"/> so a
    /// trace of thousands of spans does not cost the square of its size.
    /// </summary>
    internal readonly struct SpanIds
    {
        private const int ScanLimit = 16;
        private readonly IReadOnlyList<SpanRecord>? _spans;
        private readonly HashSet<string>? _set;

        public SpanIds(IReadOnlyList<SpanRecord> spans, int expected = 0)
        {
            _spans = spans;
            if (Math.Max(spans.Count, expected) > ScanLimit)
            {
                _set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var span in spans)
                {
                    _set.Add(span.SpanId);
                }
            }
        }

        public bool Contains(string spanId)
        {
            if (_set is not null)
            {
                return _set.Contains(spanId);
            }
            if (_spans is null)
            {
                return false;
            }
            for (var i = 0; i < _spans.Count; i++)
            {
                if (_spans[i].SpanId == spanId)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Call after adding a span to the list given at construction.</summary>
        public void Added(SpanRecord span) => _set?.Add(span.SpanId);
    }
}

internal sealed record ServiceSpanCount(string Service, int SpanCount);
