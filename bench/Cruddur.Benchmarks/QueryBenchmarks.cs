using BenchmarkDotNet.Attributes;
using Cruddur.Dashboard;
using Cruddur.Dashboard.Api;
using Cruddur.Dashboard.Otlp;
using Cruddur.Dashboard.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Benchmarks;

/// <summary>The trace list over a full store: 10,000 traces of 10 spans.</summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private TraceStore _traces = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new DashboardOptions());
        _traces = new TraceStore(options);
        var converter = new OtlpConverter(new AttributeReader(options), _traces, new LogStore(options), new MetricStore(options));
        for (var i = 0; i < 10_000 / 100; i++)
        {
            converter.Accept(TelemetryData.Batch(100, 10, i));
        }
        if (_traces.Count != 10_000)
        {
            throw new InvalidOperationException($"Expected 10,000 traces, got {_traces.Count}.");
        }
    }

    [Benchmark(Baseline = true)]
    public object FirstPage() => TelemetryApi.ListTraces(_traces, null, null, null, null, null, null, null, null);

    [Benchmark]
    public object ServiceAndNameFilter() => TelemetryApi.ListTraces(_traces, "cruddur-api", "home", null, null, null, null, null, null);

    [Benchmark]
    public object AttributeFilter() => TelemetryApi.ListTraces(_traces, null, null, null, null, null, "user=user42", null, null);

    [Benchmark]
    public object ErrorsOverOneMsThirdPage() => TelemetryApi.ListTraces(_traces, null, null, "1", null, "true", null, "100", "50");
}
