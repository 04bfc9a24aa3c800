using System.Diagnostics;
using Cruddur.ServiceDefaults.Honeycomb;

namespace Cruddur.Tests.ServiceDefaults.Honeycomb;

public sealed class HoneycombEventsTests
{
    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(2, 0, 3)]
    [InlineData(0, 3, 4)]
    [InlineData(2, 1, 4)]
    public void Of_SpanEventsAndLinks_EachOneEvent(int events, int links, long expected)
    {
        var linked = Enumerable.Range(0, links)
            .Select(_ => new ActivityLink(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)));
        using var span = new Activity("GET /api/activities/home");
        foreach (var link in linked)
        {
            span.AddLink(link);
        }
        for (var i = 0; i < events; i++)
        {
            span.AddEvent(new ActivityEvent($"event {i}"));
        }

        Assert.Equal(expected, HoneycombEvents.Of(span));
    }
}
