using System.Diagnostics;
using Cruddur.Insights;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Benchmarks;

/// <summary>
/// Memory retained by a full trace store (BenchmarkDotNet measures allocations, not what stays), and the
/// span feed's path in process: OTLP/JSON as the Aspire dashboard writes it, parsed, converted and stored,
/// for new spans and for a reconnect's replay of spans already stored.
/// </summary>
internal static class MemoryMeasurement
{
    private const int SpansPerBatch = 520;

    public static void Run()
    {
        var options = Options.Create(new InsightsOptions());
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var traces = new TraceStore(options);
        var converter = new OtlpConverter(new AttributeReader(options), traces, new MetricStore(options));
        // Twice the limit, so the figure includes eviction's steady state (and the evicted ids remembered).
        for (var i = 0; i < 200; i++)
        {
            converter.Accept(TelemetryData.Batch(100, 10, i));
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var spans = traces.Snapshot().Sum(t => t.Spans.Length);
        Console.WriteLine($"Retained by {traces.Count:N0} traces ({spans:N0} spans, 5 attributes each): {(after - before) / 1024d / 1024d:F1} MB managed heap");
        Console.WriteLine($"Process working set: {Environment.WorkingSet / 1024d / 1024d:F1} MB");
        GC.KeepAlive(traces);

        // 100 batches of 52 traces × 10 spans, after a warm-up of 100 others in a store of their own: the
        // runtime's tiered compilation needs that many before the figures are the steady state.
        var json = Enumerable.Range(0, 200).Select(i => TelemetryData.Json(TelemetryData.Batch(52, 10, 1000 + i))).ToArray();
        var warm = new OtlpConverter(new AttributeReader(options), new TraceStore(options), new MetricStore(options));
        Ingest("warm-up", warm, json[..100], []);
        var store = new TraceStore(options);
        var feed = new OtlpConverter(new AttributeReader(options), store, new MetricStore(options));
        Ingest("OTLP/JSON parse + convert + store, new spans", feed, [], json[100..]);
        Ingest("the same spans again (a reconnect's replay), all ignored", feed, [], json[100..]);
        Console.WriteLine($"Stored after the replay: {store.Count:N0} traces, {store.Snapshot().Sum(t => t.Spans.Length):N0} spans");
    }

    private static void Ingest(string path, OtlpConverter converter, byte[][] warmUp, byte[][] measured)
    {
        foreach (var body in warmUp)
        {
            converter.Accept(OtlpJson.Parse<ExportTraceServiceRequest>(body));
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        foreach (var body in measured)
        {
            converter.Accept(OtlpJson.Parse<ExportTraceServiceRequest>(body));
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var spans = measured.Length * SpansPerBatch;
        if (spans == 0)
        {
            return;
        }
        Console.WriteLine($"In process, {path}: {spans / seconds:N0} spans/s, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)spans:N0} bytes allocated a span");
    }
}
