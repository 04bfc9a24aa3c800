using System.Diagnostics;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.ServiceDefaults.XRay;

public sealed class XRayTraceIdsTests
{
    [Fact]
    public void NewTraceId_FixedClock_StartsWithBigEndianEpochSeconds()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(0x5759e988));

        var id = XRayTraceIds.NewTraceId(clock);

        Assert.StartsWith("5759e988", id.ToHexString(), StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x5759e988), XRayTraceIds.EpochOf(id));
    }

    [Fact]
    public void NewTraceId_ManyIds_RandomPartDiffers()
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);

        var ids = Enumerable.Range(0, 1000).Select(_ => XRayTraceIds.NewTraceId(clock).ToHexString()[8..]).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void Install_NewRootActivity_UsesCurrentEpoch()
    {
        XRayTraceIds.Install();
        using var source = new ActivitySource("Cruddur.Tests.ServiceDefaults.XRay.Ids");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate.Name == source.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var activity = source.StartActivity("root", ActivityKind.Server, parentContext: default);

        Assert.NotNull(activity);
        var epoch = XRayTraceIds.EpochOf(activity.TraceId).ToUnixTimeSeconds();
        Assert.InRange(epoch, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-27 * 86400, true)]
    [InlineData(-29 * 86400, false)]
    [InlineData(4 * 60, true)]
    [InlineData(6 * 60, false)]
    public void IsAcceptable_EpochOffset_MatchesXRayWindow(int offsetSeconds, bool acceptable)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var id = XRayTraceIds.NewTraceId(new FixedClock(now.AddSeconds(offsetSeconds)));

        Assert.Equal(acceptable, XRayTraceIds.IsAcceptable(id, now));
    }

    [Fact]
    public void ToXRayId_W3CId_SplitsEpochAndRandom()
    {
        var id = ActivityTraceId.CreateFromString("5759e988bd862e3fe1be46a994272793");

        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", XRayTraceIds.ToXRayId(id));
    }
}
