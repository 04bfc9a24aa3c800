namespace Cruddur.Insights.Spend;

/// <summary>The arithmetic of the Spend page: rates to a 30-day month, and X-Ray's sampling rule applied to traffic.</summary>
internal static class SpendProjection
{
    public const double SecondsPerMonth = 30 * 24 * 3600;
    public const double BytesPerGigabyte = 1024d * 1024 * 1024;
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    /// <summary>A count observed over some seconds, at the same rate for 30 days.</summary>
    public static double PerMonth(double count, double seconds) => seconds <= 0 ? 0 : count / seconds * SecondsPerMonth;

    public static double Percent(double perMonth, double freeTier) => freeTier <= 0 ? 0 : perMonth / freeTier * 100;

    /// <summary>
    /// X-Ray's rule for one second of traffic: the first <paramref name="reservoirSize"/> requests
    /// are taken, then each of the rest with probability <paramref name="fixedRate"/> (expected value).
    /// </summary>
    public static double SampledInSecond(double requests, int reservoirSize, double fixedRate) =>
        Math.Min(requests, reservoirSize) + fixedRate * Math.Max(0, requests - reservoirSize);

    /// <summary>
    /// Traces per second X-Ray would record: the observed arrivals per second (bursts included)
    /// scaled to <paramref name="requestsPerSecond"/>, each second sampled by the rule. With no
    /// observed traffic the arrivals are taken as even.
    /// </summary>
    public static double SampledPerSecond(IReadOnlyList<int> observedPerSecond, double requestsPerSecond, int reservoirSize, double fixedRate)
    {
        var observed = observedPerSecond.Sum(count => (double)count);
        if (observedPerSecond.Count == 0 || observed == 0)
        {
            return SampledInSecond(requestsPerSecond, reservoirSize, fixedRate);
        }

        var scale = requestsPerSecond / (observed / observedPerSecond.Count);
        return observedPerSecond.Sum(count => SampledInSecond(count * scale, reservoirSize, fixedRate)) / observedPerSecond.Count;
    }

    /// <summary>
    /// How much a cumulative counter grew after <paramref name="fromNanos"/>: from the last point at
    /// or before it; without one, from zero at the series' start, prorated when the start is before
    /// <paramref name="fromNanos"/> (its earlier points were evicted). A drop means the process restarted.
    /// </summary>
    public static double Increase(IEnumerable<(long TimeNanos, double Value, long StartNanos)> points, long fromNanos)
    {
        double? previous = null;
        double increase = 0;
        foreach (var (time, value, start) in points.OrderBy(point => point.TimeNanos))
        {
            if (time <= fromNanos)
            {
                previous = value;
                continue;
            }
            if (previous is not { } last)
            {
                increase += start > 0 && start < fromNanos && time > start
                    ? value * (time - fromNanos) / (double)(time - start)
                    : value;
            }
            else
            {
                increase += value >= last ? value - last : value;
            }
            previous = value;
        }
        return increase;
    }
}
