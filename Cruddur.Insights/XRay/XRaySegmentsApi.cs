using System.Text.Json;
using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.XRay;

/// <summary>
/// The X-Ray daemon's documents: it posts them to <c>/xray/segments</c> (with the optional
/// <c>x-otlp-api-key</c>); the segments page reads them back per trace.
/// </summary>
internal static class XRaySegmentsApi
{
    public const string IngestPath = "/xray/segments";
    public const int MaxDocumentsPerPost = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapXRaySegments(this IEndpointRouteBuilder app)
    {
        app.MapPost(IngestPath, IngestAsync)
            .AddEndpointFilter<OtlpKeyFilter>().DisableAntiforgery().WithName("PostXRaySegments")
            .WithSummary("The segment documents the X-Ray daemon received, valid or not.");
        app.MapApiGroup("X-Ray").MapGet("/xray/segments/{traceId}", GetSegments)
            .WithName("GetXRaySegments").WithSummary("The X-Ray segment documents the daemon received for a trace, with what X-Ray would reject.");
        return app;
    }

    public static async Task<IResult> IngestAsync(HttpContext context, IOptions<InsightsOptions> options, SegmentDocumentStore store)
    {
        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/json",
                detail: """Body: {"documents": ["<segment document>", ...]}.""");
        }

        SegmentBatch? batch;
        try
        {
            using var body = await RequestBody.ReadAsync(context.Request, options.Value.Otlp.MaxRequestBodyBytes, context.RequestAborted);
            batch = JsonSerializer.Deserialize<SegmentBatch>(body.Span, Json);
        }
        catch (OtlpPayloadException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: e.Message);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: e.Message);
        }

        if (batch?.Documents is not { } documents || documents.Any(d => d is null) || documents.Count > MaxDocumentsPerPost)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["documents"] = [$"Required: 0-{MaxDocumentsPerPost} segment documents, each a string."],
            });
        }

        store.Add(documents!);
        return TypedResults.Ok(new SegmentBatchAccepted(documents.Count));
    }

    public static Results<Ok<TraceSegments>, ValidationProblem> GetSegments(SegmentDocumentStore store, IOptions<InsightsOptions> options, string traceId)
    {
        if (QueryValues.TraceId(traceId) is not { } key)
        {
            return QueryValues.Problem(new Dictionary<string, string[]> { ["traceId"] = [QueryValues.TraceIdRule] }, "Invalid trace id");
        }

        var documents = store.Find(key);
        return TypedResults.Ok(new TraceSegments(key, $"1-{key[..8]}-{key[8..]}", documents.Count,
            documents.Count(d => d.Issues.Count > 0), store.Dropped, options.Value.Dashboard.TraceUrl(key), documents));
    }

    private sealed record SegmentBatch(List<string?>? Documents);
}

internal sealed record SegmentBatchAccepted(int Accepted);

/// <param name="DashboardUrl">The trace on the Aspire dashboard (null when Insights:Dashboard:Url is unset).</param>
internal sealed record TraceSegments(string TraceId, string XRayTraceId, int Count, int Rejected, long Dropped, string? DashboardUrl,
    IReadOnlyList<SegmentDocumentEntry> Documents);
