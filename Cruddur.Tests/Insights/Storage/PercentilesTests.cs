using Cruddur.Insights.Otlp;

namespace Cruddur.Tests.Insights.Storage;

public sealed class PercentilesTests
{
    [Fact]
    public void FromExplicitBuckets_UniformCounts_InterpolatesInsideBuckets()
    {
        // 10 values in each of (0,10], (10,20], …, (90,100]: a uniform 0–100 distribution.
        double[] bounds = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        ulong[] counts = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0];

        var summary = Percentiles.FromExplicitBuckets(100, 5050, 0, 100, bounds, counts);

        Assert.Equal(50, summary.P50, 3);
        Assert.Equal(90, summary.P90, 3);
        Assert.Equal(99, summary.P99, 3);
    }

    [Fact]
    public void FromExplicitBuckets_ValuesInOverflowBucket_UseMaxAsUpperEdge()
    {
        var summary = Percentiles.FromExplicitBuckets(4, 0, 1, 500, [10], [2, 2]);

        Assert.InRange(summary.P99, 400, 500);
        Assert.InRange(summary.P50, 1, 10);
    }

    [Fact]
    public void FromExplicitBuckets_NoValues_AllZero()
    {
        var summary = Percentiles.FromExplicitBuckets(0, 0, null, null, [10], [0, 0]);

        Assert.Equal((0d, 0d, 0d), (summary.P50, summary.P90, summary.P99));
    }
}
