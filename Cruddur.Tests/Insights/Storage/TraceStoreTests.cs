using Cruddur.Insights.Analysis;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;

namespace Cruddur.Tests.Insights.Storage;

public sealed class TraceStoreTests
{
    [Fact]
    public void Add_OverTraceLimit_EvictsTheOldestTraceFirst()
    {
        var stores = new StoreFactory(l => l.MaxTraces = 3);
        var ids = Enumerable.Range(0, 5).Select(_ => OtlpSamples.NewTraceId()).ToArray();

        foreach (var id in ids)
        {
            stores.Converter.Accept(OtlpSamples.OneTrace("cruddur-api", id));
        }

        Assert.Equal(3, stores.Traces.Count);
        Assert.Null(stores.Traces.Find(ids[0]));
        Assert.Null(stores.Traces.Find(ids[1]));
        Assert.All(ids[2..], id => Assert.NotNull(stores.Traces.Find(id)));
    }

    [Fact]
    public void Add_SpansFromTwoServicesInSeparateBatches_MergeIntoOneTrace()
    {
        var stores = new StoreFactory();
        var traceId = OtlpSamples.NewTraceId();
        var (gateway, api, db) = (OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId());
        var apiBatch = OtlpSamples.Traces("cruddur-api", OtlpSamples.Span(traceId, api, gateway, "GET /api/activities/home", 2, 8), OtlpSamples.Span(traceId, db, api, "SELECT cruds", 3, 4));

        stores.Converter.Accept(apiBatch);
        stores.Converter.Accept(OtlpSamples.Traces("cruddur-gateway", OtlpSamples.Span(traceId, gateway, null, "GET /api/activities/home", 0, 12)));
        stores.Converter.Accept(apiBatch); // an exporter retry must not duplicate spans

        var trace = stores.Traces.Find(traceId)!;
        Assert.Equal(1, stores.Traces.Count);
        Assert.Equal([api, db, gateway], trace.Spans.Select(s => s.SpanId));
        Assert.Equal(gateway, trace.Root.SpanId);
        Assert.Equal(["cruddur-api", "cruddur-gateway"], trace.Services.Select(s => s.Service));
        Assert.Equal([2, 1], trace.Services.Select(s => s.SpanCount));
        Assert.Equal(12, trace.DurationMs, 3);
    }

    [Fact]
    public void Add_FeedReplaysEverySpan_NoSpanCountedTwice()
    {
        var stores = new StoreFactory();
        var replay = Enumerable.Range(0, 50).Select(i => Chain(OtlpSamples.NewTraceId(), apiMs: 10 + i)).ToArray();
        foreach (var request in replay)
        {
            stores.Converter.Accept(request);
        }
        var before = RouteStatistics.Compute(RouteSample.Collect(stores.Traces.Snapshot(), long.MinValue), AnalysisWindow.WholeRun, _ => null);

        // The feed reconnects twice and gets everything the dashboard holds again, in other batches.
        foreach (var request in replay.Reverse())
        {
            stores.Converter.Accept(request);
        }
        var merged = new ExportTraceServiceRequest();
        merged.ResourceSpans.AddRange(replay.SelectMany(r => r.ResourceSpans));
        stores.Converter.Accept(merged);

        var after = RouteStatistics.Compute(RouteSample.Collect(stores.Traces.Snapshot(), long.MinValue), AnalysisWindow.WholeRun, _ => null);
        Assert.Equal(50, stores.Traces.Count);
        Assert.All(stores.Traces.Snapshot(), t => Assert.Equal(3, t.Spans.Length));
        Assert.Equal(before.Routes.Select(r => (r.Service, r.Route, r.Count)), after.Routes.Select(r => (r.Service, r.Route, r.Count)));
        Assert.Equal(50, Assert.Single(after.Routes, r => r.Service == "cruddur-gateway").Count);
        Assert.Equal(0, stores.Traces.IgnoredSpans);
    }

    [Fact]
    public void Add_SameSpanTwiceInOneBatch_StoredOnce()
    {
        var stores = new StoreFactory();
        var traceId = OtlpSamples.NewTraceId();
        var spanId = OtlpSamples.NewSpanId();
        var span = OtlpSamples.Span(traceId, spanId, null, "GET /api/activities/home", 0, 5);

        stores.Converter.Accept(OtlpSamples.Traces("cruddur-api", span, span.Clone()));

        Assert.Equal([spanId], stores.Traces.Find(traceId)!.Spans.Select(s => s.SpanId));
    }

    [Fact]
    public void Add_ReplayOfAnEvictedTrace_NotStoredAgain_NewerTracesStay()
    {
        var stores = new StoreFactory(l => l.MaxTraces = 3);
        var ids = Enumerable.Range(0, 5).Select(_ => OtlpSamples.NewTraceId()).ToArray();
        var requests = ids.Select(id => OtlpSamples.OneTrace("cruddur-api", id)).ToArray();
        foreach (var request in requests)
        {
            stores.Converter.Accept(request);
        }

        // A reconnect replays all five, oldest first: the two evicted ones must not push out the newest.
        foreach (var request in requests)
        {
            stores.Converter.Accept(request);
        }

        Assert.Equal(3, stores.Traces.Count);
        Assert.All(ids[2..], id => Assert.NotNull(stores.Traces.Find(id)));
        Assert.All(ids[..2], id => Assert.Null(stores.Traces.Find(id)));
        Assert.Equal(2, stores.Traces.IgnoredSpans);
    }

    [Fact]
    public void Add_OverMetricPointLimit_EvictsTheOldestPointsAcrossInstruments()
    {
        var stores = new StoreFactory(l => l.MaxMetricPoints = 5);

        stores.Converter.Accept(OtlpSamples.Metrics("cruddur-api", OtlpSamples.Counter("first", 1, 2, 3)));
        stores.Converter.Accept(OtlpSamples.Metrics("cruddur-api", OtlpSamples.Counter("second", 4, 5, 6)));

        Assert.Equal(5, stores.Metrics.PointCount);
        Assert.Equal([2d, 3d], stores.Metrics.Find("cruddur-api", "first")!.Value.Points.Select(p => p.Value));
        Assert.Equal([4d, 5d, 6d], stores.Metrics.Find("cruddur-api", "second")!.Value.Points.Select(p => p.Value));
    }

    [Fact]
    public void Add_SpanOverAttributeLimits_CountAndLengthAreCapped()
    {
        var stores = new StoreFactory(l =>
        {
            l.MaxAttributes = 3;
            l.MaxAttributeLength = 10;
        });
        var traceId = OtlpSamples.NewTraceId();
        var attributes = Enumerable.Range(0, 6).Select(i => ($"key{i}", new string('x', 50))).ToArray();

        stores.Converter.Accept(OtlpSamples.Traces("cruddur-api", OtlpSamples.Span(traceId, OtlpSamples.NewSpanId(), null, "big", 0, 1, false, attributes)));

        var span = stores.Traces.Find(traceId)!.Spans.Single();
        Assert.Equal(["key0", "key1", "key2"], span.Attributes.Select(a => a.Key));
        Assert.All(span.Attributes, a => Assert.Equal(10, a.Value.Length));
    }

    [Fact]
    public async Task Add_ParallelIngestWithParallelQueries_EveryTraceStoredAndQueriesConsistent()
    {
        var stores = new StoreFactory(l => l.MaxTraces = 100_000);
        const int Writers = 4;
        const int TracesPerWriter = 500;
        using var done = new CancellationTokenSource();
        using var readersRunning = new CountdownEvent(2);

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var queries = 0;
            do
            {
                var snapshot = stores.Traces.Snapshot();
                Assert.All(snapshot, t => Assert.Equal(t.Spans.Length, t.Services.Sum(s => s.SpanCount)));
                Assert.All(RouteSample.Collect(snapshot, long.MinValue), sample => Assert.Equal("Server", sample.Span.Kind));
                if (++queries == 1)
                {
                    readersRunning.Signal();
                }
            }
            while (!done.IsCancellationRequested);
            return queries;
        })).ToArray();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            Assert.True(readersRunning.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)); // writes overlap reads
            for (var i = 0; i < TracesPerWriter; i++)
            {
                var traceId = OtlpSamples.NewTraceId();
                var root = OtlpSamples.NewSpanId();
                stores.Converter.Accept(OtlpSamples.Traces("cruddur-api", OtlpSamples.Span(traceId, root, null, "GET /", 0, 5)));
                stores.Converter.Accept(OtlpSamples.Traces("cruddur-gateway", OtlpSamples.Span(traceId, OtlpSamples.NewSpanId(), root, "proxy", 1, 2)));
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await done.CancelAsync();
        var queries = await Task.WhenAll(readers);

        Assert.Equal(Writers * TracesPerWriter, stores.Traces.Count);
        Assert.All(stores.Traces.Snapshot(), t => Assert.Equal(2, t.Spans.Length));
        Assert.All(queries, q => Assert.True(q >= 1));
    }

    /// <summary>gateway server → api server → database client, in two batches as two services send them.</summary>
    private static ExportTraceServiceRequest Chain(string traceId, double apiMs)
    {
        var (root, server) = (OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId());
        var request = OtlpSamples.Traces("cruddur-gateway", OtlpSamples.Span(traceId, root, null, "GET /api/activities/home", 0, apiMs + 2,
            false, ("http.route", "/api/activities/home")));
        var api = OtlpSamples.Traces("cruddur-api",
            Analysis.AnalysisSamples.Kind(OtlpSamples.Span(traceId, server, root, "GET /api/activities/home", 1, apiMs, false, ("http.route", "/api/activities/home")),
                Cruddur.Insights.Otlp.Proto.Trace.Span.Types.SpanKind.Server),
            OtlpSamples.Span(traceId, OtlpSamples.NewSpanId(), server, "SELECT cruds", 2, apiMs - 2));
        request.ResourceSpans.AddRange(api.ResourceSpans);
        return request;
    }
}
