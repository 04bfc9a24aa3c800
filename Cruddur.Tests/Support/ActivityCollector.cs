using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cruddur.Tests.Support;

/// <summary>Collects every stopped activity of the named sources, for assertions on spans.</summary>
public sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityCollector(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => Stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    /// <summary>
    /// The one stopped activity matching, waiting briefly: a server span stops just after its
    /// response has reached the client.
    /// </summary>
    public Activity Single(Func<Activity, bool> predicate)
    {
        WaitForAny(predicate);
        return Assert.Single(Stopped, item => predicate(item));
    }

    /// <summary>Whether a stopped activity matches within 5 s.</summary>
    public bool WaitForAny(Func<Activity, bool> predicate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!Stopped.Any(predicate) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        return Stopped.Any(predicate);
    }

    public void Dispose() => _listener.Dispose();
}
