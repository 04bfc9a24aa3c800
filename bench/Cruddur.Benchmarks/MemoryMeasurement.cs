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
    }
}
