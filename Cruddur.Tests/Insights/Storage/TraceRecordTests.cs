using Cruddur.Insights.Storage;

namespace Cruddur.Tests.Insights.Storage;

/// <summary>A trace's summary (root, bounds, services, error) and its merging, for small and large traces.</summary>
public sealed class TraceRecordTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    // 3 spans take the scanning path; 40 the hash-set path. Both must give the same answers.
    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public void Create_RootIsTheEarliestSpanWithoutAReceivedParent_BoundsServicesAndErrorOverAllSpans(int children)
    {
        var spans = new List<SpanRecord>
        {
            // Its parent never arrived (the gateway's span is missing): a root candidate starting at 5.
            Span("a1", parent: "missing", start: 5, end: 50, service: "cruddur-api"),
        };
        for (var i = 0; i < children; i++)
        {
            spans.Add(Span($"c{i}", parent: "a1", start: 6 + i, end: 7 + i, service: i % 2 == 0 ? "zeta" : "cruddur-api", error: i == children - 1));
        }
        // A later orphan: also a candidate, but it starts after a1.
        spans.Add(Span("o1", parent: "gone", start: 9, end: 200, service: "alpha"));

        var trace = TraceRecord.Create(TraceId, [.. spans], sequence: 1);

        Assert.Equal("a1", trace.Root.SpanId);
        Assert.Equal(5, trace.StartNanos);
        Assert.Equal(200, trace.EndNanos);
        Assert.True(trace.HasError);
        Assert.Equal(["alpha", "cruddur-api", "zeta"], trace.Services.Select(s => s.Service));
        Assert.Equal([1, 1 + children / 2, (children + 1) / 2], trace.Services.Select(s => s.SpanCount));
    }

    [Fact]
    public void Create_NoSpanWithoutParent_FirstSpanIsRoot_NoErrorWhenNoneFailed()
    {
        // A cycle cannot be rooted; the first span stands in.
        var trace = TraceRecord.Create(TraceId, [Span("x", parent: "y", start: 3, end: 4), Span("y", parent: "x", start: 1, end: 2)], sequence: 1);

        Assert.Equal("x", trace.Root.SpanId);
        Assert.False(trace.HasError);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(30)]
    public void Merge_AddsOnlySpansNotSeen_AndKeepsTheSameRecordWhenNothingIsNew(int size)
    {
        var first = Enumerable.Range(0, size).Select(i => Span($"s{i}", parent: i == 0 ? null : "s0", start: i, end: i + 1)).ToArray();
        var trace = TraceRecord.Create(TraceId, first, sequence: 7);

        // A retried batch plus new spans, one of them twice in the same batch.
        var again = first.Concat([Span("n1", "s0", 100, 101), Span("n2", "s0", 102, 103), Span("n1", "s0", 100, 101)]).ToList();
        var merged = trace.Merge(again);

        Assert.Equal([.. first.Select(s => s.SpanId), "n1", "n2"], merged.Spans.Select(s => s.SpanId));
        Assert.Equal(7, merged.Sequence);
        Assert.Equal(103, merged.EndNanos);
        Assert.Same(merged, merged.Merge(first));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(50)]
    public void Distinct_KeepsTheFirstOfEachSpanId_InOrder(int size)
    {
        var spans = Enumerable.Range(0, size).Select(i => Span($"s{i % (size / 2)}", null, i, i + 1)).ToList();

        var distinct = TraceRecord.Distinct(spans);

        Assert.Equal(Enumerable.Range(0, size / 2).Select(i => $"s{i}"), distinct.Select(s => s.SpanId));
        Assert.All(distinct, s => Assert.True(s.StartNanos < size / 2));
    }

    private static SpanRecord Span(string id, string? parent, long start, long end, string service = "cruddur-api", bool error = false) =>
        new(TraceId, id, parent, "span " + id, "Internal", start, end, error ? "Error" : "Unset", null, [], [], [],
            new ResourceRecord(service, []), "test");
}
