using System.Diagnostics;

namespace Cruddur.ServiceDefaults.Honeycomb;

/// <summary>How Honeycomb counts (and bills) a span: one event, plus one per span event and per link.</summary>
public static class HoneycombEvents
{
    public static long Of(Activity span)
    {
        long events = 1;
        foreach (var _ in span.Events)
        {
            events++;
        }

        foreach (var _ in span.Links)
        {
            events++;
        }

        return events;
    }
}
