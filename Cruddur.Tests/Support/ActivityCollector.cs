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

    public Activity Single(Func<Activity, bool> predicate)
    {
        var matches = Stopped.Where(predicate).ToList();
        return Assert.Single(matches);
    }

    public void Dispose() => _listener.Dispose();
}
