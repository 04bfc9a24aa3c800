namespace Cruddur.Insights.Analysis;

/// <summary>Exact percentiles of measured durations (nearest rank), not bucket estimates.</summary>
internal static class DurationPercentiles
{
    /// <summary>The nearest-rank percentile <paramref name="q"/> (0–1) of durations sorted ascending.</summary>
    public static double Of(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
