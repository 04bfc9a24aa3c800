using Cruddur.Insights.Otlp.Proto.Collector.Metrics;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Otlp;

/// <summary>
/// POST /v1/metrics, OTLP/HTTP: the services' <c>Cruddur.Telemetry</c> counters that Spend reads.
/// Protobuf or JSON, optionally gzip, within Insights:Otlp:MaxRequestBodyBytes (after expansion too).
/// </summary>
internal sealed class OtlpMetricsReceiver(OtlpConverter converter, IOptions<InsightsOptions> options, ILogger<OtlpMetricsReceiver> logger)
{
    public const string Path = "/v1/metrics";
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    private readonly long _limit = options.Value.Otlp.MaxRequestBodyBytes;
    private long _rejected;

    /// <summary>Exports refused as malformed, too large or of the wrong type, since start.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public async Task ReceiveAsync(HttpContext context)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        try
        {
            if (mediaType is not (Protobuf or Json))
            {
                throw new OtlpPayloadException(OtlpRejection.UnsupportedMediaType, $"Content-Type must be {Protobuf} or {Json}.");
            }
            using var body = await RequestBody.ReadAsync(context.Request, _limit, context.RequestAborted);
            var encoding = context.Request.Headers.ContentEncoding.ToString();
            using var expanded = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase)
                ? await RequestBody.GunzipAsync(body.Memory, _limit, context.RequestAborted)
                : null;
            if (expanded is null && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                throw new OtlpPayloadException(OtlpRejection.UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; use gzip.");
            }
            var bytes = (expanded ?? body).Span;
            converter.Accept(mediaType == Json ? OtlpJson.Parse<ExportMetricsServiceRequest>(bytes) : Parse(bytes));
        }
        catch (OtlpPayloadException e)
        {
            var status = e.Rejection switch
            {
                OtlpRejection.TooLarge => StatusCodes.Status413PayloadTooLarge,
                OtlpRejection.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
                _ => StatusCodes.Status400BadRequest,
            };
            Interlocked.Increment(ref _rejected);
            logger.LogDebug("OTLP metrics refused: {Reason}", e.Message);
            await Results.Problem(statusCode: status, title: "OTLP payload refused", detail: e.Message).ExecuteAsync(context);
            return;
        }

        // The answer is an empty ExportMetricsServiceResponse in the request's encoding.
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (mediaType == Json)
        {
            context.Response.ContentType = Json;
            await context.Response.WriteAsync("{}", context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = Protobuf;
        }
    }

    private static ExportMetricsServiceRequest Parse(ReadOnlySpan<byte> protobuf)
    {
        try
        {
            return ExportMetricsServiceRequest.Parser.ParseFrom(protobuf);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Invalid OTLP protobuf: " + e.Message);
        }
    }
}
