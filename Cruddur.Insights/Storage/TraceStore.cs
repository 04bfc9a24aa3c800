using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Storage;

/// <summary>
/// Bounded trace store: spans merge by trace id, a span already stored (same trace and span id) is ignored,
/// and the trace that arrived first is evicted first. The span feed replays everything the Aspire dashboard
/// holds each time it reconnects, so the ids of the last evicted traces are remembered too: a replayed
/// trace that was evicted does not come back to push out newer ones.
/// </summary>
internal sealed class TraceStore(IOptions<InsightsOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TraceRecord> _traces = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivals = new();
    private readonly HashSet<string> _evicted = new(StringComparer.Ordinal);
    private readonly Queue<string> _evictions = new();
    private readonly int _max = options.Value.Limits.MaxTraces;
    private long _sequence;
    private long _ignored;

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

    /// <summary>Spans not stored because their trace was evicted, since start.</summary>
    public long IgnoredSpans => Interlocked.Read(ref _ignored);

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
                if (_evicted.Contains(traceId))
                {
                    Interlocked.Add(ref _ignored, list.Count);
                    continue;
                }
                _traces[traceId] = TraceRecord.Create(traceId, TraceRecord.Distinct(list), ++_sequence);
                _arrivals.Enqueue(traceId);
                while (_traces.Count > _max && _arrivals.TryDequeue(out var oldest))
                {
                    _traces.Remove(oldest);
                    Remember(oldest);
                }
            }
        }
    }

    /// <summary>As many evicted ids as traces kept: about 1 MB at 10,000.</summary>
    private void Remember(string evicted)
    {
        _evicted.Add(evicted);
        _evictions.Enqueue(evicted);
        if (_evictions.Count > _max)
        {
            _evicted.Remove(_evictions.Dequeue());
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
}
