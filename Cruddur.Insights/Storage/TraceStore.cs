using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Storage;

/// <summary>Bounded trace store: spans merge by trace id; the trace that arrived first is evicted first.</summary>
internal sealed class TraceStore(IOptions<InsightsOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TraceRecord> _traces = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivals = new();
    private readonly int _max = options.Value.Limits.MaxTraces;
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    public void Add(IReadOnlyList<SpanRecord> spans)
    {
        // Group outside the lock so ingest threads contend only for the dictionary update.
        var byTrace = new Dictionary<string, List<SpanRecord>>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (!byTrace.TryGetValue(span.TraceId, out var list))
            {
                byTrace[span.TraceId] = list = [];
            }
            list.Add(span);
        }

        lock (_gate)
        {
            foreach (var (traceId, list) in byTrace)
            {
                if (_traces.TryGetValue(traceId, out var existing))
                {
                    _traces[traceId] = existing.Merge(list);
                    continue;
                }
                _traces[traceId] = TraceRecord.Create(traceId, TraceRecord.Distinct(list), ++_sequence);
                _arrivals.Enqueue(traceId);
                while (_traces.Count > _max && _arrivals.TryDequeue(out var oldest))
                {
                    _traces.Remove(oldest);
                }
            }
        }
    }

    public TraceRecord? Find(string traceId)
    {
        lock (_gate)
        {
            return _traces.GetValueOrDefault(traceId);
        }
    }

    /// <summary>A consistent copy to filter and sort without holding the lock.</summary>
    public TraceRecord[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _traces.Values];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _traces.Clear();
            _arrivals.Clear();
        }
    }
}
