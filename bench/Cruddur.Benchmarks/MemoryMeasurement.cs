using Cruddur.Dashboard;
using Cruddur.Dashboard.Otlp;
using Cruddur.Dashboard.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Benchmarks;

/// <summary>Memory retained by a full trace store (BenchmarkDotNet measures allocations, not what stays).</summary>
internal static class MemoryMeasurement
{
    public static void Run()
    {
        var options = Options.Create(new DashboardOptions());
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

        // Decode + convert + store, without HTTP: where ingest time goes.
        var bodies = Enumerable.Range(0, 50).Select(i => Google.Protobuf.MessageExtensions.ToByteArray(TelemetryData.Batch(52, 10, 1000 + i))).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var parseTicks = 0L;
        for (var round = 0; round < 4; round++)
        {
            foreach (var body in bodies)
            {
                var p0 = watch.ElapsedTicks;
                var request = Cruddur.Dashboard.Otlp.Proto.Collector.Trace.ExportTraceServiceRequest.Parser.ParseFrom(body);
                parseTicks += watch.ElapsedTicks - p0;
                converter.Accept(request);
            }
        }
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"In process: {200 * 520 / seconds:N0} spans/s (parse {parseTicks * 100d / watch.ElapsedTicks:F0}% of the time)");
    }
}
