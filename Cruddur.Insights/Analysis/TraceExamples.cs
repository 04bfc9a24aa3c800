using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// The traces a row, node or edge names for a drill-down: its latest failures first, then its slowest
/// spans, one per trace. Bounded heaps, so a view over every stored span keeps only a handful.
/// </summary>
internal sealed class TraceExamples(int max = TraceExamples.DefaultMax)
{
    public const int DefaultMax = 10;

    private readonly PriorityQueue<SpanRecord, double> _slowest = new();
    private readonly PriorityQueue<SpanRecord, long> _latestErrors = new();

    public void Add(SpanRecord span)
    {
        Keep(_slowest, span, span.DurationMs);
        if (span.IsError)
        {
            Keep(_latestErrors, span, span.StartNanos);
        }
    }

    /// <summary>Up to half the examples are the latest failures, the rest the slowest spans.</summary>
    public TraceExample[] Pick(Func<string, string?> dashboardUrl)
    {
        var errors = Drain(_latestErrors).OrderByDescending(s => s.StartNanos).Take(Math.Max(1, max / 2));
        var slowest = Drain(_slowest).OrderByDescending(s => s.DurationMs);
        return [.. errors.Concat(slowest).DistinctBy(s => s.TraceId).Take(max).Select(s => Of(s, dashboardUrl))];
    }

    public static TraceExample Of(SpanRecord span, Func<string, string?> dashboardUrl) =>
        new(span.TraceId, span.SpanId, UnixTime.Of(span.StartNanos), span.DurationMs, span.IsError, dashboardUrl(span.TraceId));

    // The heap's minimum is the least interesting kept: a new span replaces it when it beats it.
    private void Keep<TPriority>(PriorityQueue<SpanRecord, TPriority> heap, SpanRecord span, TPriority priority)
    {
        if (heap.Count < max)
        {
            heap.Enqueue(span, priority);
        }
        else
        {
            heap.EnqueueDequeue(span, priority);
        }
    }

    private static List<SpanRecord> Drain<TPriority>(PriorityQueue<SpanRecord, TPriority> heap)
    {
        var spans = new List<SpanRecord>(heap.Count);
        while (heap.TryDequeue(out var span, out _))
        {
            spans.Add(span);
        }
        return spans;
    }
}
