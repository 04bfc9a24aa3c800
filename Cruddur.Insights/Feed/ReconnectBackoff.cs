namespace Cruddur.Insights.Feed;

/// <summary>
/// Waits between connection attempts: doubling from 100 ms up to the cap, each a random point in the
/// upper half of its step, so several readers of one dashboard do not come back in step.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan max, Random random)
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    private int _failures;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 30)));
        _failures++;
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }

    public void Reset() => _failures = 0;
}
