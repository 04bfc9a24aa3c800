using BenchmarkDotNet.Attributes;
using Cruddur.Insights.Api;
using Cruddur.Insights.Storage;

namespace Cruddur.Benchmarks;

/// <summary>The trace list over a full store: 10,000 traces of 10 spans.</summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private TraceStore _traces = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traces = TelemetryData.FullStore();
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
