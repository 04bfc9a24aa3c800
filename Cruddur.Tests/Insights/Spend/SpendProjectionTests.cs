using Cruddur.Insights.Spend;

namespace Cruddur.Tests.Insights.Spend;

public sealed class SpendProjectionTests
{
    public static readonly TheoryData<double, double, double> MonthCases = new()
    {
        // count, over seconds, a 30-day month at that rate
        { 10, 1, 25_920_000 },
        { 100, 60, 4_320_000 },
        { 1, 3600, 720 },
        { 0, 60, 0 },
        { 5, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(MonthCases))]
    public void PerMonth_RateTimesThirtyDays(double count, double seconds, double expected) =>
        Assert.Equal(expected, SpendProjection.PerMonth(count, seconds), 6);

    [Theory]
    [InlineData(50_000, 100_000, 50)]
    [InlineData(150_000, 100_000, 150)]
    [InlineData(0, 5_000, 0)]
    public void Percent_OfFreeTier(double perMonth, double tier, double expected) =>
        Assert.Equal(expected, SpendProjection.Percent(perMonth, tier), 6);

    public static readonly TheoryData<double, int, double, double> SecondCases = new()
    {
        // requests in a second, reservoir, fixed rate, expected traces taken
        { 0, 1, 0.05, 0 },
        { 1, 1, 0.05, 1 },
        { 10, 1, 0.05, 1.45 },
        { 10, 0, 0.10, 1 },
        { 10, 20, 0.05, 10 },
        { 100, 5, 1, 100 },
        { 100, 5, 0, 5 },
    };

    [Theory]
    [MemberData(nameof(SecondCases))]
    public void SampledInSecond_ReservoirThenFixedRate(double requests, int reservoir, double fixedRate, double expected) =>
        Assert.Equal(expected, SpendProjection.SampledInSecond(requests, reservoir, fixedRate), 9);

    [Fact]
    public void SampledPerSecond_NoObservedTraffic_EvenArrivals()
    {
        // 10 req/s, 1/s then 5 %: 1 + 0.05 * 9 = 1.45 traces a second, 3,758,400 a month.
        var perSecond = SpendProjection.SampledPerSecond([], 10, 1, 0.05);

        Assert.Equal(1.45, perSecond, 9);
        Assert.Equal(3_758_400, perSecond * SpendProjection.SecondsPerMonth, 3);
    }

    [Fact]
    public void SampledPerSecond_BurstyTraffic_ReservoirCoversLess()
    {
        // The same 10 req/s on average, all in one second of every ten: the reservoir takes 1 of 100
        // in that second (plus 5 % of 99) and nothing is left for it in the nine quiet seconds.
        int[] bursty = [100, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var perSecond = SpendProjection.SampledPerSecond(bursty, 10, 1, 0.05);

        Assert.Equal((1 + (0.05 * 99)) / 10, perSecond, 9);
        Assert.True(perSecond < SpendProjection.SampledPerSecond([], 10, 1, 0.05));
    }

    [Fact]
    public void SampledPerSecond_ScaledToAnotherRate_KeepsTheMix()
    {
        // Observed 2 req/s evenly; asked for 20 req/s: each second has 20 requests.
        int[] even = [2, 2, 2, 2];

        Assert.Equal(SpendProjection.SampledInSecond(20, 1, 0.05), SpendProjection.SampledPerSecond(even, 20, 1, 0.05), 9);
    }

    public static readonly TheoryData<(long, double, long)[], long, double> IncreaseCases = new()
    {
        // points (time, cumulative value, start), window start, expected growth in the window
        { [(10, 5, 1), (20, 9, 1), (30, 12, 1)], 0, 12 },
        { [(10, 5, 1), (20, 9, 1), (30, 12, 1)], 15, 7 },
        { [(10, 5, 1), (20, 9, 1), (30, 12, 1)], 30, 0 },
        // the process restarted between 20 and 30: it counted 2 since
        { [(10, 5, 1), (20, 9, 1), (30, 2, 25)], 15, 6 },
        // no point before the window and the start unknown: all of it
        { [(20, 10, 0)], 15, 10 },
        // counting began at 4, earlier points evicted: a quarter of 4..20 is in the window
        { [(20, 8, 4)], 16, 2 },
        // counting began inside the window: all of it
        { [(20, 8, 18)], 16, 8 },
        { [(30, 7, 25), (20, 3, 25)], 21, 4 },
    };

    [Theory]
    [MemberData(nameof(IncreaseCases))]
    public void Increase_CumulativeCounter((long, double, long)[] points, long from, double expected) =>
        Assert.Equal(expected, SpendProjection.Increase(points, from), 9);
}
