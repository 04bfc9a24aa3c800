using BenchmarkDotNet.Attributes;
using Cruddur.Insights;
using Cruddur.Insights.Api;
using Cruddur.Insights.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Benchmarks;

/// <summary>
/// The analysis views over a full store (10,000 traces of 10 spans): the Routes table's percentiles, the
/// heatmap of one route, a heatmap selection with its attribute comparison, and the service map, each with
/// its trace links to the Aspire dashboard. Target (Insights issue): the Routes table ≤ 20 ms.
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private const string Service = "cruddur-gateway";
    private const string Route = "/api/activities/home";

    private readonly IOptions<InsightsOptions> _options = Options.Create(new InsightsOptions { Dashboard = { Url = "http://localhost:18888" } });
    private TraceStore _traces = null!;

    [GlobalSetup]
    public void Setup() => _traces = TelemetryData.FullStore();

    [Benchmark(Baseline = true)]
    public object RoutePercentiles() => AnalysisApi.Routes(_traces, TimeProvider.System, _options, "all");

    [Benchmark]
    public object Heatmap() => AnalysisApi.GetHeatmap(_traces, TimeProvider.System, Service, Route, "all");

    [Benchmark]
    public object HeatmapSelectionWithComparison() =>
        AnalysisApi.GetSelection(_traces, TimeProvider.System, _options, Service, Route, "all", null, null, "0.5", null);

    [Benchmark]
    public object ServiceMap() => AnalysisApi.GetServiceMap(_traces, TimeProvider.System, _options, "all");
}
