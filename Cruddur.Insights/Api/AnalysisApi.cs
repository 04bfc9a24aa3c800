using Cruddur.Insights.Analysis;
using Cruddur.Insights.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Insights.Api;

/// <summary>The views beyond the trace list, computed server-side: routes, heatmap, service map, trace comparison.</summary>
internal static class AnalysisApi
{
    public const int MaxSelectedTraces = 100;

    public static IEndpointRouteBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapTelemetryGroup("Analysis");

        api.MapGet("/routes", Routes).WithName("ListRoutes").WithSummary("Per service and route: rate, error rate, P50/P90/P99.");
        api.MapGet("/heatmap", GetHeatmap).WithName("GetHeatmap").WithSummary("Durations over time of one service and route.");
        api.MapGet("/heatmap/selection", GetSelection).WithName("GetHeatmapSelection").WithSummary("The traces in a heatmap region and what they share.");
        api.MapGet("/service-map", GetServiceMap).WithName("GetServiceMap").WithSummary("Services and peers with the calls between them.");
        api.MapGet("/traces/{traceId}/links", GetLinks).WithName("GetTraceLinks").WithSummary("The trace in Honeycomb, X-Ray and Rollbar.");
        api.MapGet("/compare", Compare).WithName("CompareTraces").WithSummary("Two traces side by side, spans matched by service and name.");
        return app;
    }

    public static Results<Ok<RouteTable>, ValidationProblem> Routes(TraceStore store, TimeProvider clock, string? window)
    {
        if (!AnalysisWindow.TryParse(window, out var range))
        {
            return WindowProblem();
        }
        var samples = RouteSample.Collect(store.Snapshot(), range.FromNanos(clock.GetUtcNow()));
        return TypedResults.Ok(RouteStatistics.Compute(samples, range));
    }

    public static Results<Ok<HeatmapGrid>, ValidationProblem> GetHeatmap(TraceStore store, TimeProvider clock, string? service, string? route, string? window)
    {
        var errors = new Dictionary<string, string[]>();
        var (range, serviceName, routeName) = RouteQuery(service, route, window, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid heatmap query");
        }
        var now = clock.GetUtcNow();
        var samples = RouteSample.Collect(store.Snapshot(), range.FromNanos(now), serviceName, routeName);
        return TypedResults.Ok(Heatmap.Compute(samples, serviceName, routeName, range, now));
    }

    public static Results<Ok<HeatmapSelection>, ValidationProblem> GetSelection(
        TraceStore store, TimeProvider clock, string? service, string? route, string? window,
        string? fromMs, string? toMs, string? minDurationMs, string? maxDurationMs)
    {
        var errors = new Dictionary<string, string[]>();
        var (range, serviceName, routeName) = RouteQuery(service, route, window, errors);
        var from = TelemetryApi.Number(fromMs, nameof(fromMs), errors) ?? double.MinValue;
        var to = TelemetryApi.Number(toMs, nameof(toMs), errors) ?? double.MaxValue;
        var min = TelemetryApi.Number(minDurationMs, nameof(minDurationMs), errors) ?? 0;
        var max = TelemetryApi.Number(maxDurationMs, nameof(maxDurationMs), errors) ?? double.MaxValue;
        if (errors.Count == 0 && (from > to || min > max))
        {
            errors["region"] = ["fromMs must not be after toMs, nor minDurationMs above maxDurationMs."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid heatmap selection");
        }

        var samples = RouteSample.Collect(store.Snapshot(), range.FromNanos(clock.GetUtcNow()), serviceName, routeName);
        var selected = new List<RouteSample>();
        var baseline = new List<SpanRecord>();
        foreach (var sample in samples)
        {
            if (Heatmap.InRegion(sample, from, to, min, max))
            {
                selected.Add(sample);
            }
            else
            {
                baseline.Add(sample.Span);
            }
        }
        var traces = selected
            .OrderByDescending(s => s.DurationMs)
            .Take(MaxSelectedTraces)
            .Select(s => new SelectedTrace(s.Span.TraceId, s.Span.SpanId, TelemetryMapping.Time(s.StartNanos), s.DurationMs, s.IsError))
            .ToArray();
        var comparison = AttributeComparison.Compare([.. selected.Select(s => s.Span)], baseline);
        return TypedResults.Ok(new HeatmapSelection(selected.Count, baseline.Count, traces, comparison));
    }

    public static Results<Ok<ServiceMapGraph>, ValidationProblem> GetServiceMap(TraceStore store, TimeProvider clock, string? window)
    {
        if (!AnalysisWindow.TryParse(window, out var range))
        {
            return WindowProblem();
        }
        return TypedResults.Ok(ServiceMap.Compute(store.Snapshot(), range, clock.GetUtcNow()));
    }

    public static Results<Ok<TraceLinkSet>, ValidationProblem, ProblemHttpResult> GetLinks(TraceStore store, TraceLinks links, string traceId)
    {
        if (TelemetryApi.TraceIdOf(traceId) is not { } id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["traceId"] = [TelemetryApi.TraceIdRule] });
        }
        return store.Find(id) is { } trace
            ? TypedResults.Ok(links.For(trace))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Trace not found", detail: $"No trace {id} is stored (it may have been evicted).");
    }

    public static Results<Ok<TraceComparisonResult>, ValidationProblem, ProblemHttpResult> Compare(TraceStore store, string? a, string? b)
    {
        var errors = new Dictionary<string, string[]>();
        var idA = TelemetryApi.TraceIdOf(a);
        var idB = TelemetryApi.TraceIdOf(b);
        if (idA is null)
        {
            errors["a"] = [TelemetryApi.TraceIdRule];
        }
        if (idB is null)
        {
            errors["b"] = [TelemetryApi.TraceIdRule];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid comparison");
        }
        var traceA = store.Find(idA!);
        var traceB = store.Find(idB!);
        if (traceA is null || traceB is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Trace not found",
                detail: $"No trace {(traceA is null ? idA : idB)} is stored (it may have been evicted).");
        }
        return TypedResults.Ok(TraceComparison.Compare(TraceDetailBuilder.Build(traceA), TraceDetailBuilder.Build(traceB)));
    }

    private static (AnalysisWindow Window, string Service, string Route) RouteQuery(string? service, string? route, string? window, Dictionary<string, string[]> errors)
    {
        if (!AnalysisWindow.TryParse(window, out var range))
        {
            errors["window"] = [$"Must be one of {AnalysisWindow.Choices}."];
        }
        var serviceName = TelemetryApi.Blank(service);
        var routeName = TelemetryApi.Blank(route);
        if (serviceName is null)
        {
            errors["service"] = ["Required."];
        }
        if (routeName is null)
        {
            errors["route"] = ["Required."];
        }
        return (range, serviceName ?? "", routeName ?? "");
    }

    private static ValidationProblem WindowProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["window"] = [$"Must be one of {AnalysisWindow.Choices}."] }, title: "Invalid window");
}
