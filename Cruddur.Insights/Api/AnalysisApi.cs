using Cruddur.Insights.Analysis;
using Cruddur.Insights.Security;
using Cruddur.Insights.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Api;

/// <summary>
/// What the Aspire dashboard lacks, computed from the stored spans: routes, heatmap and selection, service map,
/// trace comparison, and a trace's links out. Every trace named links to the dashboard's trace page.
/// </summary>
internal static class AnalysisApi
{
    public const int MaxSelectedTraces = 100;

    /// <summary>/api on the one listener, for the signed-in browser or the x-api-key header.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api").AddEndpointFilter<ApiAccessFilter>().WithTags(tag);

    public static IEndpointRouteBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("Analysis");

        api.MapGet("/routes", Routes).WithName("ListRoutes").WithSummary("Per service and route: rate, error rate, P50/P90/P99.");
        api.MapGet("/heatmap", GetHeatmap).WithName("GetHeatmap").WithSummary("Durations over time of one service and route.");
        api.MapGet("/heatmap/selection", GetSelection).WithName("GetHeatmapSelection").WithSummary("The traces in a heatmap region and what they share.");
        api.MapGet("/service-map", GetServiceMap).WithName("GetServiceMap").WithSummary("Services and peers with the calls between them.");
        api.MapGet("/compare", Compare).WithName("CompareTraces").WithSummary("Two traces side by side, spans matched by service and name.");
        api.MapGet("/traces/{traceId}/links", GetLinks).WithName("GetTraceLinks").WithSummary("The trace on the Aspire dashboard, in Honeycomb, X-Ray and Rollbar.");
        return app;
    }

    public static Results<Ok<RouteTable>, ValidationProblem> Routes(TraceStore store, TimeProvider clock, IOptions<InsightsOptions> options, string? window)
    {
        if (!AnalysisWindow.TryParse(window, out var range))
        {
            return WindowProblem();
        }
        var samples = RouteSample.Collect(store.Snapshot(), range.FromNanos(clock.GetUtcNow()));
        return TypedResults.Ok(RouteStatistics.Compute(samples, range, options.Value.Dashboard.TraceUrl));
    }

    public static Results<Ok<HeatmapGrid>, ValidationProblem> GetHeatmap(TraceStore store, TimeProvider clock, string? service, string? route, string? window)
    {
        var errors = new Dictionary<string, string[]>();
        var (range, serviceName, routeName) = RouteQuery(service, route, window, errors);
        if (errors.Count > 0)
        {
            return QueryValues.Problem(errors, "Invalid heatmap query");
        }
        var now = clock.GetUtcNow();
        var samples = RouteSample.Collect(store.Snapshot(), range.FromNanos(now), serviceName, routeName);
        return TypedResults.Ok(Heatmap.Compute(samples, serviceName, routeName, range, now));
    }

    public static Results<Ok<HeatmapSelection>, ValidationProblem> GetSelection(
        TraceStore store, TimeProvider clock, IOptions<InsightsOptions> options, string? service, string? route, string? window,
        string? fromMs, string? toMs, string? minDurationMs, string? maxDurationMs)
    {
        var errors = new Dictionary<string, string[]>();
        var (range, serviceName, routeName) = RouteQuery(service, route, window, errors);
        var from = QueryValues.Milliseconds(fromMs, nameof(fromMs), errors) ?? double.MinValue;
        var to = QueryValues.Milliseconds(toMs, nameof(toMs), errors) ?? double.MaxValue;
        var min = QueryValues.Milliseconds(minDurationMs, nameof(minDurationMs), errors) ?? 0;
        var max = QueryValues.Milliseconds(maxDurationMs, nameof(maxDurationMs), errors) ?? double.MaxValue;
        if (errors.Count == 0 && from > to)
        {
            errors[nameof(toMs)] = ["Must not be before fromMs."];
        }
        if (errors.Count == 0 && min > max)
        {
            errors[nameof(maxDurationMs)] = ["Must not be below minDurationMs."];
        }
        if (errors.Count > 0)
        {
            return QueryValues.Problem(errors, "Invalid heatmap selection");
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
            .Select(s => TraceExamples.Of(s.Span, options.Value.Dashboard.TraceUrl))
            .ToArray();
        var comparison = AttributeComparison.Compare([.. selected.Select(s => s.Span)], baseline);
        return TypedResults.Ok(new HeatmapSelection(selected.Count, baseline.Count, traces, comparison));
    }

    public static Results<Ok<ServiceMapGraph>, ValidationProblem> GetServiceMap(TraceStore store, TimeProvider clock, IOptions<InsightsOptions> options, string? window)
    {
        if (!AnalysisWindow.TryParse(window, out var range))
        {
            return WindowProblem();
        }
        return TypedResults.Ok(ServiceMap.Compute(store.Snapshot(), range, clock.GetUtcNow(), options.Value.Dashboard.TraceUrl));
    }

    public static Results<Ok<TraceComparisonResult>, ValidationProblem, ProblemHttpResult> Compare(TraceStore store, IOptions<InsightsOptions> options, string? a, string? b)
    {
        var errors = new Dictionary<string, string[]>();
        var idA = QueryValues.TraceId(a);
        var idB = QueryValues.TraceId(b);
        if (idA is null)
        {
            errors["a"] = [QueryValues.TraceIdRule];
        }
        if (idB is null)
        {
            errors["b"] = [QueryValues.TraceIdRule];
        }
        if (errors.Count > 0)
        {
            return QueryValues.Problem(errors, "Invalid comparison");
        }
        var traceA = store.Find(idA!);
        var traceB = store.Find(idB!);
        if (traceA is null || traceB is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Trace not found",
                detail: $"No trace {(traceA is null ? idA : idB)} is stored (it may have been evicted).");
        }
        return TypedResults.Ok(TraceComparison.Compare(traceA, traceB, options.Value.Dashboard.TraceUrl));
    }

    public static Results<Ok<TraceLinkSet>, ValidationProblem, ProblemHttpResult> GetLinks(TraceStore store, TraceLinks links, string traceId)
    {
        if (QueryValues.TraceId(traceId) is not { } id)
        {
            return QueryValues.Problem(new Dictionary<string, string[]> { ["traceId"] = [QueryValues.TraceIdRule] }, "Invalid trace id");
        }
        return store.Find(id) is { } trace
            ? TypedResults.Ok(links.For(trace))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Trace not found", detail: $"No trace {id} is stored (it may have been evicted).");
    }

    private static (AnalysisWindow Window, string Service, string Route) RouteQuery(string? service, string? route, string? window, Dictionary<string, string[]> errors)
    {
        if (!AnalysisWindow.TryParse(window, out var range))
        {
            errors["window"] = [$"Must be one of {AnalysisWindow.Choices}."];
        }
        var serviceName = QueryValues.Blank(service);
        var routeName = QueryValues.Blank(route);
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
        QueryValues.Problem(new Dictionary<string, string[]> { ["window"] = [$"Must be one of {AnalysisWindow.Choices}."] }, "Invalid window");
}
