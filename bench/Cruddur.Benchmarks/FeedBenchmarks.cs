using BenchmarkDotNet.Attributes;
using Cruddur.Insights;
using Cruddur.Insights.Feed;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cruddur.Benchmarks;

/// <summary>
/// The feed's reading of the Aspire dashboard's span stream: NDJSON lines split, parsed and stored, as
/// <see cref="DashboardSpanFeed"/> does on its connection (the network aside). bench/load reaches about
/// 10,000 requests/s of 4 spans: the feed keeps up when it stores well over 40,000 lines/s.
/// </summary>
[MemoryDiagnoser]
public class FeedBenchmarks
{
    public const int Requests = 1_000;
    public const int Lines = Requests * DashboardLines.SpansPerRequest;

    private byte[] _stream = null!;
    private byte[][] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stream = DashboardLines.Stream(Requests, seed: 1);
        _lines = [.. System.Text.Encoding.UTF8.GetString(_stream).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(System.Text.Encoding.UTF8.GetBytes)];

        // A benchmark of lines the feed skips would measure nothing: check they are all stored.
        var converter = NewConverter(out var store);
        var state = new FeedState(new FeedOptions(), TimeProvider.System);
        using var stream = new MemoryStream(_stream, writable: false);
        SpanLines.ReadAsync(stream, new SpanIngest(converter, state, NullLogger.Instance), CancellationToken.None).GetAwaiter().GetResult();
        if (state.LinesSkipped != 0 || state.SpansReceived != Lines || store.Count != Requests || store.Snapshot().Any(trace => trace.Spans.Length != DashboardLines.SpansPerRequest))
        {
            throw new InvalidOperationException($"Expected {Requests} traces of {DashboardLines.SpansPerRequest} spans; {state.LinesSkipped} lines skipped.");
        }
    }

    /// <summary>4,000 lines (1,000 requests) into an empty store: every span new.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task<long> LineParsedAndStored()
    {
        var (ingest, _) = NewFeed();
        using var stream = new MemoryStream(_stream, writable: false);
        return await SpanLines.ReadAsync(stream, ingest, CancellationToken.None);
    }

    /// <summary>The same lines again into a store that holds them: the catch-up after a reconnect.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task<long> LineReplayedAfterReconnect()
    {
        var (ingest, _) = _replay ??= NewFilledFeed();
        using var stream = new MemoryStream(_stream, writable: false);
        return await SpanLines.ReadAsync(stream, ingest, CancellationToken.None);
    }

    /// <summary>For comparison: each line through the general OTLP/JSON parser and the converter, one at a time.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public void LineThroughOtlpJson()
    {
        var converter = NewConverter(out _);
        foreach (var line in _lines)
        {
            converter.Accept(OtlpJson.Parse<ExportTraceServiceRequest>(line));
        }
    }

    private (SpanIngest, TraceStore)? _replay;

    private (SpanIngest, TraceStore) NewFilledFeed()
    {
        var feed = NewFeed();
        using var stream = new MemoryStream(_stream, writable: false);
        SpanLines.ReadAsync(stream, feed.Ingest, CancellationToken.None).GetAwaiter().GetResult();
        return feed;
    }

    private static (SpanIngest Ingest, TraceStore Store) NewFeed()
    {
        var converter = NewConverter(out var store);
        var state = new FeedState(new FeedOptions(), TimeProvider.System);
        return (new SpanIngest(converter, state, NullLogger.Instance), store);
    }

    private static OtlpConverter NewConverter(out TraceStore store)
    {
        var options = Options.Create(new InsightsOptions());
        store = new TraceStore(options);
        return new OtlpConverter(new AttributeReader(options), store, new MetricStore(options));
    }
}
