using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp.Proto.Logs;

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

        var trace = TraceDetailBuilder.Build(stores.Traces.Find(traceId)!);
        Assert.Equal(1, stores.Traces.Count);
        Assert.Equal([gateway, api, db], trace.Spans.Select(s => s.SpanId));
        Assert.Equal([0, 1, 2], trace.Spans.Select(s => s.Depth));
        Assert.Equal(["cruddur-api", "cruddur-gateway"], trace.Services.Select(s => s.Service));
        Assert.Equal([2, 1], trace.Services.Select(s => s.SpanCount));
        Assert.Equal(12, trace.DurationMs, 3);
    }

    [Fact]
    public void Add_OverLogLimit_KeepsTheNewestRecords()
    {
        var stores = new StoreFactory(l => l.MaxLogs = 4);

        for (var i = 0; i < 10; i++)
        {
            stores.Converter.Accept(OtlpSamples.Logs("cruddur-api", (SeverityNumber.Info, $"message {i}", null)));
        }

        Assert.Equal(["message 9", "message 8", "message 7", "message 6"], stores.Logs.Snapshot().Select(l => l.Message));
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
                var page = TelemetryApi.ListTraces(stores.Traces, "cruddur-api", null, null, null, null, null, null, "20");
                var ok = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Ok<TracePage>>(page.Result);
                Assert.All(ok.Value!.Items, t => Assert.Equal(t.SpanCount, t.Services.Sum(s => s.SpanCount)));
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
                stores.Converter.Accept(OtlpSamples.Logs("cruddur-api", (SeverityNumber.Info, "hello", traceId)));
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await done.CancelAsync();
        var queries = await Task.WhenAll(readers);

        Assert.Equal(Writers * TracesPerWriter, stores.Traces.Count);
        Assert.All(stores.Traces.Snapshot(), t => Assert.Equal(2, t.Spans.Length));
        Assert.Equal(Math.Min(Writers * TracesPerWriter, 10_000), stores.Logs.Count);
        Assert.All(queries, q => Assert.True(q >= 1));
    }
}
