using Cruddur.Insights.Hosting;
using Cruddur.Insights.Security;
using Cruddur.Insights.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Insights.Api;

/// <summary>/api/telemetry: what the UI polls and what distributed tests and scripts read.</summary>
internal static class TelemetryApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapTelemetryGroup("Telemetry");

        api.MapGet("/traces", ListTraces).WithName("ListTraces").WithSummary("Traces, newest first, filtered and paged.");
        api.MapGet("/traces/{traceId}", GetTrace).WithName("GetTrace").WithSummary("One trace with its spans in waterfall order.");
        api.MapDelete("/traces", (TraceStore store) => { store.Clear(); return TypedResults.NoContent(); }).WithName("ClearTraces");
        api.MapGet("/logs", ListLogs).WithName("ListLogs").WithSummary("Log records, newest first, filtered and paged.");
        api.MapDelete("/logs", (LogStore store) => { store.Clear(); return TypedResults.NoContent(); }).WithName("ClearLogs");
        api.MapGet("/metrics", GetMetrics).WithName("GetMetrics").WithSummary("Instruments per service, or the points of one instrument.");
        api.MapDelete("/metrics", (MetricStore store) => { store.Clear(); return TypedResults.NoContent(); }).WithName("ClearMetrics");
        return app;
    }

    /// <summary>/api/telemetry on the UI listener, for a signed-in browser or the API key.</summary>
    internal static RouteGroupBuilder MapTelemetryGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/telemetry")
            .OnListener(Listener.Frontend)
            .AddEndpointFilter<ApiAccessFilter>()
            .WithTags(tag);

    public static Results<Ok<TracePage>, ValidationProblem> ListTraces(
        TraceStore store,
        string? service,
        string? name,
        string? minDurationMs,
        string? maxDurationMs,
        string? errorsOnly,
        string? attribute,
        string? offset,
        string? limit)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new TraceQuery(
            Blank(service),
            Blank(name),
            Number(minDurationMs, nameof(minDurationMs), errors),
            Number(maxDurationMs, nameof(maxDurationMs), errors),
            Flag(errorsOnly, nameof(errorsOnly), errors),
            Attribute(attribute, errors),
            Int(offset, nameof(offset), 0, 0, int.MaxValue, errors),
            Int(limit, nameof(limit), DefaultLimit, 1, MaxLimit, errors));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid trace query");
        }

        var matches = store.Snapshot().Where(query.Matches).ToArray();
        // Newest first by start time; the sequence breaks ties so paging is stable.
        Array.Sort(matches, (a, b) => b.StartNanos != a.StartNanos ? b.StartNanos.CompareTo(a.StartNanos) : b.Sequence.CompareTo(a.Sequence));
        var page = matches.Skip(query.Offset).Take(query.Limit).Select(TelemetryMapping.Summary).ToArray();
        return TypedResults.Ok(new TracePage(matches.Length, query.Offset, query.Limit, page));
    }

    public static Results<Ok<TraceDetail>, ValidationProblem, ProblemHttpResult> GetTrace(TraceStore store, string traceId)
    {
        if (TraceIdOf(traceId) is not { } id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["traceId"] = [TraceIdRule] });
        }
        var trace = store.Find(id);
        return trace is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Trace not found", detail: $"No trace {id} is stored (it may have been evicted).")
            : TypedResults.Ok(TraceDetailBuilder.Build(trace));
    }

    internal const string TraceIdRule = "Must be 32 hex characters or the X-Ray form 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx.";

    /// <summary>The stored (lowercase hex) form of a trace id given in either form, or null when malformed.</summary>
    internal static string? TraceIdOf(string? traceId)
    {
        var id = traceId?.Trim().ToLowerInvariant() ?? "";
        if (id.StartsWith("1-", StringComparison.Ordinal) && id.Length == 35)
        {
            id = id[2..10] + id[11..]; // X-Ray form accepted too
        }
        return id.Length == 32 && id.All(char.IsAsciiHexDigit) ? id : null;
    }

    public static Results<Ok<LogPage>, ValidationProblem> ListLogs(
        LogStore store,
        string? level,
        string? service,
        string? text,
        string? attribute,
        string? traceId,
        string? offset,
        string? limit)
    {
        var errors = new Dictionary<string, string[]>();
        var minLevel = LogLevel.Trace;
        if (!string.IsNullOrWhiteSpace(level) && (!Enum.TryParse(level, ignoreCase: true, out minLevel) || minLevel == LogLevel.None || int.TryParse(level, out _)))
        {
            errors["level"] = ["Must be one of Trace, Debug, Information, Warning, Error, Critical."];
        }
        var filter = Attribute(attribute, errors);
        var skip = Int(offset, nameof(offset), 0, 0, int.MaxValue, errors);
        var take = Int(limit, nameof(limit), DefaultLimit, 1, MaxLimit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid log query");
        }
        service = Blank(service);
        text = Blank(text);
        traceId = Blank(traceId)?.ToLowerInvariant();

        var matches = store.Snapshot().Where(log =>
            log.Level >= minLevel
            && (service is null || log.Resource.ServiceName.Equals(service, StringComparison.OrdinalIgnoreCase))
            && (traceId is null || log.TraceId == traceId)
            && (text is null || log.Message.Contains(text, StringComparison.OrdinalIgnoreCase))
            && (filter is null || filter.Matches(log.Attributes) || filter.Matches(log.Resource.Attributes))).ToArray();
        var page = matches.Skip(skip).Take(take).Select(TelemetryMapping.Log).ToArray();
        return TypedResults.Ok(new LogPage(matches.Length, skip, take, page));
    }

    public static Results<Ok<MetricCatalog>, Ok<InstrumentPoints>, ValidationProblem, ProblemHttpResult> GetMetrics(MetricStore store, string? service, string? name)
    {
        service = Blank(service);
        name = Blank(name);
        if (name is null)
        {
            var catalog = store.Instruments()
                .Where(i => service is null || i.Service == service)
                .GroupBy(i => i.Service)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ServiceInstruments(g.Key, [.. g.OrderBy(i => i.Name, StringComparer.Ordinal).Select(Item)]))
                .ToArray();
            return TypedResults.Ok(new MetricCatalog(catalog));
        }
        if (service is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["service"] = ["Required together with name."] });
        }
        var found = store.Find(service, name);
        if (found is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instrument not found", detail: $"{service} has no instrument {name}.");
        }
        var (info, points) = found.Value;
        var items = points.Select(p => new MetricPointItem(
            TelemetryMapping.Time(p.TimeNanos),
            string.Join(", ", p.Attributes.Select(a => $"{a.Key}={a.Value}")),
            p.Value,
            p.Histogram is { } h ? new HistogramItem(h.Count, h.Sum, h.Min, h.Max, Finite(h.P50), Finite(h.P90), Finite(h.P99)) : null)).ToArray();
        return TypedResults.Ok(new InstrumentPoints(info.Service, Item(info), items));
    }

    private static InstrumentItem Item(MetricInstrumentInfo i) => new(i.Name, i.Description, i.Unit, i.Type, i.PointCount);

    // JSON has no NaN: a summary without a quantile reports 0.
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static double? Number(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0)
        {
            return number;
        }
        errors[field] = ["Must be a non-negative number of milliseconds."];
        return null;
    }

    internal static int Int(string? value, string field, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (int.TryParse(value, out var number) && number >= min && number <= max)
        {
            return number;
        }
        errors[field] = [$"Must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static bool Flag(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }
        errors[field] = ["Must be true or false."];
        return false;
    }

    private static AttributeFilter? Attribute(string? value, Dictionary<string, string[]> errors)
    {
        if (AttributeFilter.TryParse(value, out var filter))
        {
            return filter;
        }
        errors["attribute"] = ["Must be key=value or key."];
        return null;
    }
}
