namespace Cruddur.Insights.Analysis;

/// <summary>
/// HEATMAP(duration_ms) for one service and route: time columns by log-scale duration rows, each cell a count
/// of requests. Row 0 holds the fastest requests.
/// </summary>
internal static class Heatmap
{
    public const int DefaultColumns = 60;
    public const int DefaultRows = 30;

    public static HeatmapGrid Compute(
        IReadOnlyList<RouteSample> samples, string service, string route, AnalysisWindow window, DateTimeOffset now,
        int columns = DefaultColumns, int rows = DefaultRows)
    {
        var (from, to) = TimeRange(samples, window, now);
        var bounds = DurationBounds(samples, rows);
        var counts = new int[rows][];
        for (var r = 0; r < rows; r++)
        {
            counts[r] = new int[columns];
        }
        var columnNanos = (to - from) / (double)columns;
        var logLow = Math.Log(bounds[0]);
        var logStep = (Math.Log(bounds[rows]) - logLow) / rows;
        var max = 0;
        foreach (var sample in samples)
        {
            var column = Math.Clamp((int)((sample.StartNanos - from) / columnNanos), 0, columns - 1);
            var row = Math.Clamp((int)((Math.Log(Math.Max(sample.DurationMs, bounds[0])) - logLow) / logStep), 0, rows - 1);
            max = Math.Max(max, ++counts[row][column]);
        }
        return new HeatmapGrid(service, route, window.Name, samples.Count, from / 1e6, to / 1e6, columnNanos / 1e6, bounds, counts, max);
    }

    /// <summary>The requests inside a rectangle of the heatmap (start time and duration, both inclusive).</summary>
    public static bool InRegion(RouteSample sample, double fromMs, double toMs, double minDurationMs, double maxDurationMs)
    {
        var startMs = sample.StartNanos / 1e6;
        return startMs >= fromMs && startMs <= toMs && sample.DurationMs >= minDurationMs && sample.DurationMs <= maxDurationMs;
    }

    private static (long From, long To) TimeRange(IReadOnlyList<RouteSample> samples, AnalysisWindow window, DateTimeOffset now)
    {
        if (window.Length is not null)
        {
            return (window.FromNanos(now), (now - DateTimeOffset.UnixEpoch).Ticks * 100);
        }
        long first = long.MaxValue, last = long.MinValue;
        foreach (var sample in samples)
        {
            first = Math.Min(first, sample.StartNanos);
            last = Math.Max(last, sample.StartNanos);
        }
        if (samples.Count == 0)
        {
            last = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
            first = last - 60_000_000_000L;
        }
        // At least one second wide, and the last request inside the last column.
        return (first, Math.Max(last + 1, first + 1_000_000_000L));
    }

    /// <summary>Log-spaced bounds from the fastest to the slowest request (at least one decade).</summary>
    private static double[] DurationBounds(IReadOnlyList<RouteSample> samples, int rows)
    {
        var low = double.MaxValue;
        var high = 0d;
        foreach (var sample in samples)
        {
            low = Math.Min(low, sample.DurationMs);
            high = Math.Max(high, sample.DurationMs);
        }
        low = samples.Count == 0 ? 1 : Math.Max(low, 0.001);
        high = Math.Max(high * 1.0001, low * 10);
        var ratio = Math.Pow(high / low, 1d / rows);
        var bounds = new double[rows + 1];
        for (var i = 0; i <= rows; i++)
        {
            bounds[i] = low * Math.Pow(ratio, i);
        }
        bounds[rows] = high;
        return bounds;
    }
}
