using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Storage;

/// <summary>Bounded log store: a ring buffer, the oldest record is overwritten first.</summary>
internal sealed class LogStore(IOptions<InsightsOptions> options)
{
    private readonly Lock _gate = new();
    private readonly LogRecordEntry?[] _ring = new LogRecordEntry?[options.Value.Limits.MaxLogs];
    private int _next;
    private int _count;
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(IReadOnlyList<LogRecordEntry> records)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _ring[_next] = record;
                _next = (_next + 1) % _ring.Length;
                _count = Math.Min(_count + 1, _ring.Length);
            }
        }
    }

    /// <summary>Newest first.</summary>
    public LogRecordEntry[] Snapshot()
    {
        lock (_gate)
        {
            var result = new LogRecordEntry[_count];
            for (var i = 0; i < _count; i++)
            {
                result[i] = _ring[(_next - 1 - i + _ring.Length) % _ring.Length]!;
            }
            return result;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _next = 0;
            _count = 0;
        }
    }
}
