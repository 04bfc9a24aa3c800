using Cruddur.Insights.Otlp.Proto.Metrics;
using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Otlp;

/// <summary>P50/P90/P99 estimated from histogram buckets by linear interpolation inside the bucket.</summary>
internal static class Percentiles
{
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99];

    public static HistogramSummary FromExplicitBuckets(ulong count, double sum, double? min, double? max, IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts)
    {
        // Bucket i covers (bounds[i-1], bounds[i]]; the first and last are open, so min/max close them when known.
        var lower = new double[counts.Count];
        var upper = new double[counts.Count];
        for (var i = 0; i < counts.Count; i++)
        {
            lower[i] = i == 0 ? Math.Min(min ?? 0, bounds.Count > 0 ? bounds[0] : 0) : bounds[Math.Min(i - 1, bounds.Count - 1)];
            upper[i] = i < bounds.Count ? bounds[i] : Math.Max(max ?? lower[i], lower[i]);
        }
        var q = Estimate(lower, upper, counts, min, max);
        return new HistogramSummary(count, sum, min, max, q[0], q[1], q[2]);
    }

    public static HistogramSummary FromExponentialBuckets(ExponentialHistogramDataPoint p)
    {
        var ratio = Math.Pow(2, Math.Pow(2, -p.Scale));
        var lower = new List<double>();
        var upper = new List<double>();
        var counts = new List<ulong>();
        // Negative buckets first (most negative first), then zero, then positive: ascending values.
        var negative = p.Negative?.BucketCounts ?? [];
        for (var i = negative.Count - 1; i >= 0; i--)
        {
            var index = p.Negative!.Offset + i;
            lower.Add(-Math.Pow(ratio, index + 1));
            upper.Add(-Math.Pow(ratio, index));
            counts.Add(negative[i]);
        }
        lower.Add(-p.ZeroThreshold);
        upper.Add(p.ZeroThreshold);
        counts.Add(p.ZeroCount);
        var positive = p.Positive?.BucketCounts ?? [];
        for (var i = 0; i < positive.Count; i++)
        {
            var index = p.Positive!.Offset + i;
            lower.Add(Math.Pow(ratio, index));
            upper.Add(Math.Pow(ratio, index + 1));
            counts.Add(positive[i]);
        }
        var min = p.HasMin ? p.Min : (double?)null;
        var max = p.HasMax ? p.Max : (double?)null;
        var q = Estimate([.. lower], [.. upper], counts, min, max);
        return new HistogramSummary(p.Count, p.HasSum ? p.Sum : 0, min, max, q[0], q[1], q[2]);
    }

    private static double[] Estimate(double[] lower, double[] upper, IReadOnlyList<ulong> counts, double? min, double? max)
    {
        var total = 0d;
        foreach (var c in counts)
        {
            total += c;
        }
        var result = new double[Quantiles.Length];
        if (total == 0)
        {
            return result;
        }
        for (var qi = 0; qi < Quantiles.Length; qi++)
        {
            var rank = Quantiles[qi] * total;
            var seen = 0d;
            for (var i = 0; i < counts.Count; i++)
            {
                if (counts[i] == 0)
                {
                    continue;
                }
                if (seen + counts[i] >= rank)
                {
                    var fraction = (rank - seen) / counts[i];
                    var value = lower[i] + ((upper[i] - lower[i]) * fraction);
                    result[qi] = Math.Clamp(value, min ?? double.MinValue, max ?? double.MaxValue);
                    break;
                }
                seen += counts[i];
            }
        }
        return result;
    }
}
