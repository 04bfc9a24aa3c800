using System.Diagnostics;

namespace Cruddur.Tests.ServiceDefaults.XRay;

/// <summary>Makes finished activities of any kind, as the SDK would hand them to an exporter.</summary>
internal static class SpanFactory
{
    public static readonly ActivityContext RemoteParent = new(
        ActivityTraceId.CreateFromString("5759e988bd862e3fe1be46a994272793"),
        ActivitySpanId.CreateFromString("53995c3f42cd8ad8"),
        ActivityTraceFlags.Recorded,
        isRemote: true);

    private static readonly ActivitySource Source = new("Cruddur.Tests.ServiceDefaults.XRay.Spans");
    private static readonly ActivityListener Listener = Listen();

    public static Activity Finished(string name, ActivityKind kind, bool withParent,
        IEnumerable<KeyValuePair<string, object?>>? tags = null, Action<Activity>? configure = null)
    {
        GC.KeepAlive(Listener);
        var activity = Source.StartActivity(name, kind, withParent ? RemoteParent : default, tags)
            ?? throw new InvalidOperationException("The test listener did not sample the activity.");
        configure?.Invoke(activity);
        activity.Stop();
        return activity;
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate.Name == "Cruddur.Tests.ServiceDefaults.XRay.Spans",
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
