using Cruddur.Insights;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Benchmarks;

/// <summary>Memory retained by a full trace store (BenchmarkDotNet measures allocations, not what stays).</summary>
internal static class MemoryMeasurement
{
    public static void Run()
    {
        var options = Options.Create(new InsightsOptions());
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var traces = new TraceStore(options);
        var converter = new OtlpConverter(new AttributeReader(options), traces, new LogStore(options), new MetricStore(options));
        // Twice the limit, so the figure includes eviction's steady state.
        for (var i = 0; i < 200; i++)
        {
            converter.Accept(TelemetryData.Batch(100, 10, i));
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var spans = traces.Snapshot().Sum(t => t.Spans.Length);
        Console.WriteLine($"Retained by {traces.Count:N0} traces ({spans:N0} spans, 5 attributes each): {(after - before) / 1024d / 1024d:F1} MB managed heap");
        Console.WriteLine($"Process working set: {Environment.WorkingSet / 1024d / 1024d:F1} MB");
        GC.KeepAlive(traces);

        // Decode + convert + store, without HTTP: where ingest time goes. Each path gets its own stores and
        // 100 batches of new traces (a batch seen before would only be merged away), after a warm-up.
        var bodies = Enumerable.Range(0, 220).Select(i => Google.Protobuf.MessageExtensions.ToByteArray(TelemetryData.Batch(52, 10, 1000 + i))).ToArray();
        Ingest("generated classes + converter", bodies[..10], bodies[20..120], (c, body) =>
            c.Accept(Cruddur.Insights.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest.Parser.ParseFrom(body)));
        Ingest("direct protobuf decoder (what the receiver uses)", bodies[10..20], bodies[120..220], (c, body) => c.AcceptTraces(body));
    }

    private static void Ingest(string path, byte[][] warmUp, byte[][] measured, Action<OtlpConverter, byte[]> accept)
    {
        var options = Options.Create(new InsightsOptions());
        var converter = new OtlpConverter(new AttributeReader(options), new TraceStore(options), new LogStore(options), new MetricStore(options));
        foreach (var body in warmUp)
        {
            accept(converter, body);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var body in measured)
        {
            accept(converter, body);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var spans = measured.Length * 520;
        Console.WriteLine($"In process, {path}: {spans / seconds:N0} spans/s, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)spans:N0} bytes allocated a span");
    }
}
