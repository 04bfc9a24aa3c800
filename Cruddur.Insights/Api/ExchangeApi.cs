using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Logs;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Api;

/// <summary>Export of chosen traces with their logs as one OTLP/JSON file, and import of such a file.</summary>
internal static class ExchangeApi
{
    // About what fits in a request line (ids are query parameters).
    public const int MaxExportedTraces = 100;

    public static RouteGroupBuilder MapExchange(this RouteGroupBuilder api)
    {
        api.MapGet("/export", Export).WithName("ExportTraces").WithSummary("The chosen traces and their logs as an OTLP/JSON file.");
        api.MapPost("/import", ImportAsync).WithName("ImportTelemetry").WithSummary("Loads an exported OTLP/JSON file into the store.");
        return api;
    }

    public static Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult> Export(TraceStore traces, LogStore logs, string[]? traceId)
    {
        var ids = (traceId ?? []).Select(TelemetryApi.TraceIdOf).ToArray();
        if (ids.Length is 0 or > MaxExportedTraces || ids.Any(id => id is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["traceId"] = [$"Give 1 to {MaxExportedTraces} traceId parameters. {TelemetryApi.TraceIdRule}"],
            });
        }
        var found = ids.Distinct(StringComparer.Ordinal).Select(id => traces.Find(id!)).OfType<TraceRecord>().ToArray();
        if (found.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Trace not found", detail: "None of the traces is stored (they may have been evicted).");
        }
        var wanted = found.Select(t => t.TraceId).ToHashSet(StringComparer.Ordinal);
        var theirLogs = logs.Snapshot().Where(l => l.TraceId is not null && wanted.Contains(l.TraceId)).ToArray();
        var document = OtlpJsonExport.Build(found, theirLogs);
        var name = found.Length == 1 ? $"trace-{found[0].TraceId}.otlp.json" : $"traces-{found.Length}.otlp.json";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()), "application/json", name);
    }

    public static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportAsync(
        HttpContext context, OtlpConverter converter, IOptions<InsightsOptions> options)
    {
        var limit = options.Value.Otlp.MaxRequestBodyBytes;
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type", detail: "Send the exported file as application/json.");
        }
        try
        {
            using var body = await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
            var spans = OtlpJson.Parse<ExportTraceServiceRequest>(body.Span);
            var logRecords = OtlpJson.Parse<ExportLogsServiceRequest>(body.Span);
            var spanCount = spans.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count));
            var logCount = logRecords.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => s.LogRecords.Count));
            if (spanCount + logCount == 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Nothing to import", detail: "The file has no resourceSpans and no resourceLogs.");
            }
            converter.Accept(spans);
            converter.Accept(logRecords);
            var traceCount = spans.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.TraceId).Distinct().Count();
            return TypedResults.Ok(new ImportResult(traceCount, spanCount, logCount));
        }
        catch (OtlpPayloadException e)
        {
            var status = e.Rejection == OtlpRejection.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            return TypedResults.Problem(statusCode: status, title: status == StatusCodes.Status413PayloadTooLarge ? "File too large" : "Not an OTLP/JSON file",
                detail: status == StatusCodes.Status413PayloadTooLarge ? $"At most {limit} bytes (Dashboard:Otlp:MaxRequestBodyBytes)." : e.Message);
        }
        catch (FormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an OTLP/JSON file", detail: e.Message);
        }
    }
}

public sealed record ImportResult(int Traces, int Spans, int Logs);
