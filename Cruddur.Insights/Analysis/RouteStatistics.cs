using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>Per service and route: request rate, error rate and exact P50/P90/P99 of server spans, with the slowest and latest failed request.</summary>
internal static class RouteStatistics
{
    public static RouteTable Compute(IReadOnlyList<RouteSample> samples, AnalysisWindow window, Func<string, string?> dashboardUrl)
    {
        var seconds = WindowSeconds(samples, window);
        var rows = samples
            .GroupBy(s => (s.Service, s.Route))
            .Select(g =>
            {
                var durations = g.Select(s => s.DurationMs).ToArray();
                Array.Sort(durations);
                var errors = 0;
                var slowest = g.First().Span;
                SpanRecord? latestError = null;
                foreach (var sample in g)
                {
                    slowest = sample.DurationMs > slowest.DurationMs ? sample.Span : slowest;
                    if (sample.IsError)
                    {
                        errors++;
                        latestError = latestError is null || sample.StartNanos > latestError.StartNanos ? sample.Span : latestError;
                    }
                }
                return new RouteRow(
                    g.Key.Service,
                    g.Key.Route,
                    durations.Length,
                    errors,
                    durations.Length / seconds,
                    (double)errors / durations.Length,
                    DurationPercentiles.Of(durations, 0.50),
                    DurationPercentiles.Of(durations, 0.90),
                    DurationPercentiles.Of(durations, 0.99),
                    TraceExamples.Of(slowest, dashboardUrl),
                    latestError is null ? null : TraceExamples.Of(latestError, dashboardUrl));
            })
            .OrderBy(r => r.Service, StringComparer.Ordinal)
            .ThenBy(r => r.Route, StringComparer.Ordinal)
            .ToArray();
        return new RouteTable(window.Name, seconds, rows);
    }

    /// <summary>A fixed window's length; for the whole run, first to last request (at least one second).</summary>
    private static double WindowSeconds(IReadOnlyList<RouteSample> samples, AnalysisWindow window)
    {
        if (window.Length is { } length)
        {
            return length.TotalSeconds;
        }
        if (samples.Count == 0)
        {
            return 1;
        }
        long first = long.MaxValue, last = long.MinValue;
        foreach (var sample in samples)
        {
            first = Math.Min(first, sample.StartNanos);
            last = Math.Max(last, sample.StartNanos);
        }
        return Math.Max(1, (last - first) / 1e9);
    }
}
