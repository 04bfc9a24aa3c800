using Cruddur.Insights.Feed;

namespace Cruddur.Tests.Insights.Feed;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_DoublesUpToTheCap_EachWaitInTheUpperHalfOfItsStep()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(5), new Random(7));

        var waits = Enumerable.Range(0, 12).Select(_ => backoff.Next().TotalMilliseconds).ToList();

        double[] steps = [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000, 5000, 5000];
        Assert.All(waits.Zip(steps), pair => Assert.InRange(pair.First, pair.Second / 2, pair.Second));
        Assert.True(waits.Skip(6).Distinct().Count() > 1, "capped waits still vary");
    }

    [Fact]
    public void Reset_AfterAGoodConnection_StartsFromTheShortestWaitAgain()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(5), new Random(7));
        for (var i = 0; i < 8; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }
}
