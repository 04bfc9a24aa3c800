using System.Text.Json;
using Cruddur.Insights.Hosting;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.XRay;

/// <summary>
/// The X-Ray daemon's documents: it posts them to <c>/xray/segments</c> on the OTLP/HTTP listener
/// (same optional <c>x-otlp-api-key</c>), the trace page reads <c>/api/telemetry/traces/{id}/segments</c>.
/// </summary>
internal static class XRaySegmentsApi
{
    public const string IngestPath = "/xray/segments";
    public const int MaxDocumentsPerPost = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapXRaySegments(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var store = new SegmentDocumentStore(services.GetRequiredService<IOptions<InsightsOptions>>(), services.GetRequiredService<TimeProvider>());
        app.MapPost(IngestPath, (HttpContext context, OtlpReceiver receiver, IOptions<InsightsOptions> options) => IngestAsync(context, receiver, options, store))
            .OnListener(Listener.OtlpHttp).DisableAntiforgery().WithName("PostXRaySegments");
        app.MapGet("/api/telemetry/traces/{traceId}/segments", (string traceId) => GetSegments(store, traceId))
            .OnListener(Listener.Frontend).AddEndpointFilter<ApiAccessFilter>().WithTags("Telemetry")
            .WithName("GetXRaySegments").WithSummary("The X-Ray segment documents the daemon received for a trace, with what X-Ray would reject.");
        app.MapDelete("/api/telemetry/xray-segments", () => { store.Clear(); return TypedResults.NoContent(); })
            .OnListener(Listener.Frontend).AddEndpointFilter<ApiAccessFilter>().WithName("ClearXRaySegments");
        return app;
    }

    public static async Task<IResult> IngestAsync(HttpContext context, OtlpReceiver receiver, IOptions<InsightsOptions> options, SegmentDocumentStore store)
    {
        if (!receiver.HasApiKey(context))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong OTLP API key",
                detail: $"Send the key in the {OtlpReceiver.ApiKeyHeader} header.");
        }

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

    public static Results<Ok<TraceSegments>, ValidationProblem> GetSegments(SegmentDocumentStore store, string traceId)
    {
        var id = traceId.Trim();
        var key = SegmentDocumentCheck.IsValidTraceId(id) ? SegmentDocumentStore.TraceKey(id) : id.ToLowerInvariant();
        if (key.Length != 32 || !key.All(char.IsAsciiHexDigit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["traceId"] = ["Must be 32 hex characters or the X-Ray form 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx."],
            });
        }

        var documents = store.Find(key);
        return TypedResults.Ok(new TraceSegments(key, $"1-{key[..8]}-{key[8..]}", documents.Count,
            documents.Count(d => d.Issues.Count > 0), store.Dropped, documents));
    }

    private sealed record SegmentBatch(List<string?>? Documents);
}

internal sealed record SegmentBatchAccepted(int Accepted);

internal sealed record TraceSegments(string TraceId, string XRayTraceId, int Count, int Rejected, long Dropped,
    IReadOnlyList<SegmentDocumentEntry> Documents);
