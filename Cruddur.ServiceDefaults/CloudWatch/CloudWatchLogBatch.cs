namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// The PutLogEvents limits, and the taking of one batch that honours all of them off the front of a queue.
/// </summary>
internal static class CloudWatchLogBatch
{
    public const int MaxEvents = 10_000;
    public const int MaxBatchBytes = 1_048_576;
    public const int EventOverheadBytes = 26;

    /// <summary>Stays under the older 256 KB documented limit for one event, overhead included.</summary>
    public const int MaxEventBytes = 256 * 1024 - EventOverheadBytes;

    public static readonly TimeSpan MaxSpan = TimeSpan.FromHours(24);

    /// <summary>Takes events while every limit holds; returns them in chronological order.</summary>
    public static List<CloudWatchLogEvent> Take(Func<CloudWatchLogEvent?> peek, Action dequeue)
    {
        var batch = new List<CloudWatchLogEvent>();
        var bytes = 0;
        long first = long.MaxValue, last = long.MinValue;
        while (batch.Count < MaxEvents && peek() is { } next)
        {
            var earliest = Math.Min(first, next.Timestamp);
            var latest = Math.Max(last, next.Timestamp);
            if (bytes + next.Size > MaxBatchBytes || (batch.Count > 0 && latest - earliest > (long)MaxSpan.TotalMilliseconds))
            {
                break;
            }

            dequeue();
            batch.Add(next);
            bytes += next.Size;
            (first, last) = (earliest, latest);
        }

        // Concurrent writers can enqueue a millisecond out of order; the stable sort keeps ties as logged.
        return [.. batch.OrderBy(logEvent => logEvent.Timestamp)];
    }
}
