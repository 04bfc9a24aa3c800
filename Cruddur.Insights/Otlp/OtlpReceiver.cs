using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Otlp;

/// <summary>One Export call over OTLP/HTTP or OTLP/gRPC: key check, size limit, decode, store, reply.</summary>
internal sealed class OtlpReceiver(IOptions<InsightsOptions> options, ILogger<OtlpReceiver> logger)
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    private readonly OtlpOptions _options = options.Value.Otlp;
    private long _rejected;

    /// <summary>OTLP payloads refused as malformed, too large or of the wrong type, since start.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <param name="acceptProtobuf">Takes protobuf bodies as bytes instead of through <paramref name="parser"/> and <paramref name="accept"/> (OTLP/JSON still goes through them).</param>
    public async Task HttpAsync<TRequest>(HttpContext context, MessageParser<TRequest> parser, Action<TRequest> accept, IMessage reply,
        ProtobufAccept? acceptProtobuf = null)
        where TRequest : IMessage<TRequest>, new()
    {
        if (!HasApiKey(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong OTLP API key", detail: $"Send the key in the {ApiKeyHeader} header.").ExecuteAsync(context);
            return;
        }
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        try
        {
            if (mediaType is not (Protobuf or Json))
            {
                throw new OtlpPayloadException(OtlpRejection.UnsupportedMediaType, $"Content-Type must be {Protobuf} or {Json}.");
            }
            using var body = await RequestBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted);
            var encoding = context.Request.Headers.ContentEncoding.ToString();
            using var expanded = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase)
                ? await RequestBody.GunzipAsync(body.Memory, _options.MaxRequestBodyBytes, context.RequestAborted)
                : null;
            if (expanded is null && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                throw new OtlpPayloadException(OtlpRejection.UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; use gzip.");
            }
            var bytes = (expanded ?? body).Span;
            if (mediaType == Json)
            {
                Accept(accept, OtlpJson.Parse<TRequest>(bytes));
            }
            else
            {
                AcceptProtobuf(parser, accept, acceptProtobuf, bytes);
            }
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
            logger.LogDebug("OTLP/HTTP payload refused: {Reason}", e.Message);
            await Results.Problem(statusCode: status, title: "OTLP payload refused", detail: e.Message).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        if (mediaType == Json)
        {
            context.Response.ContentType = Json;
            await context.Response.WriteAsync(JsonFormatter.Default.Format(reply), context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = Protobuf;
            await context.Response.Body.WriteAsync(reply.ToByteArray(), context.RequestAborted);
        }
    }

    /// <param name="acceptProtobuf">Takes the message as bytes instead of through <paramref name="parser"/> and <paramref name="accept"/>.</param>
    public async Task GrpcAsync<TRequest>(HttpContext context, MessageParser<TRequest> parser, Action<TRequest> accept, IMessage reply,
        ProtobufAccept? acceptProtobuf = null)
        where TRequest : IMessage<TRequest>
    {
        context.Response.ContentType = "application/grpc";
        if (!HasApiKey(context))
        {
            SetGrpcStatus(context, GrpcStatus.Unauthenticated, $"Missing or wrong {ApiKeyHeader}.");
            return;
        }
        try
        {
            using var body = await RequestBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes + 5, context.RequestAborted);
            var message = Unframe(body.Memory);
            if (message.Compressed)
            {
                using var expanded = await GunzipGrpcAsync(context, message.Bytes);
                AcceptProtobuf(parser, accept, acceptProtobuf, expanded.Span);
            }
            else
            {
                AcceptProtobuf(parser, accept, acceptProtobuf, message.Bytes.Span);
            }
        }
        catch (OtlpPayloadException e)
        {
            var status = e.Rejection == OtlpRejection.TooLarge ? GrpcStatus.ResourceExhausted : GrpcStatus.InvalidArgument;
            Interlocked.Increment(ref _rejected);
            logger.LogDebug("OTLP/gRPC payload refused: {Reason}", e.Message);
            SetGrpcStatus(context, status, e.Message);
            return;
        }

        var payload = reply.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        await context.Response.Body.WriteAsync(frame, context.RequestAborted);
        SetGrpcStatus(context, GrpcStatus.Ok, null);
    }

    /// <summary>One gRPC message: 1 byte compressed flag, 4 bytes big-endian length, then the bytes.</summary>
    private (bool Compressed, ReadOnlyMemory<byte> Bytes) Unframe(ReadOnlyMemory<byte> body)
    {
        if (body.Length < 5)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "gRPC message frame is shorter than its 5-byte prefix.");
        }
        var compressed = body.Span[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.Span.Slice(1, 4));
        if (compressed > 1 || length != body.Length - 5)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Expected exactly one gRPC message frame.");
        }
        if (length > _options.MaxRequestBodyBytes)
        {
            throw new OtlpPayloadException(OtlpRejection.TooLarge, $"Message is larger than {_options.MaxRequestBodyBytes} bytes.");
        }
        return (compressed == 1, body[5..]);
    }

    private async Task<RentedBytes> GunzipGrpcAsync(HttpContext context, ReadOnlyMemory<byte> message)
    {
        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        if (!encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, $"Compressed message with unsupported grpc-encoding '{encoding}'.");
        }
        return await RequestBody.GunzipAsync(message, _options.MaxRequestBodyBytes, context.RequestAborted);
    }

    private static void AcceptProtobuf<TRequest>(MessageParser<TRequest> parser, Action<TRequest> accept, ProtobufAccept? acceptProtobuf, ReadOnlySpan<byte> body)
        where TRequest : IMessage<TRequest>
    {
        if (acceptProtobuf is null)
        {
            Accept(accept, ParseProtobuf(parser, body));
            return;
        }
        try
        {
            acceptProtobuf(body);
        }
        catch (FormatException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, e.Message);
        }
    }

    private static TRequest ParseProtobuf<TRequest>(MessageParser<TRequest> parser, ReadOnlySpan<byte> body)
        where TRequest : IMessage<TRequest>
    {
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Invalid OTLP protobuf: " + e.Message);
        }
    }

    private static void Accept<TRequest>(Action<TRequest> accept, TRequest request)
    {
        try
        {
            accept(request);
        }
        catch (FormatException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, e.Message);
        }
    }

    public bool HasApiKey(HttpContext context)
    {
        if (string.IsNullOrEmpty(_options.ApiKey))
        {
            return true;
        }
        var sent = context.Request.Headers[ApiKeyHeader].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(_options.ApiKey));
    }

    private static void SetGrpcStatus(HttpContext context, GrpcStatus status, string? message)
    {
        context.Response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            // grpc-message is percent-encoded on the wire.
            context.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
        }
    }
}

/// <summary>Takes an export request's protobuf bytes (decoding them is up to it; malformed bytes throw).</summary>
internal delegate void ProtobufAccept(ReadOnlySpan<byte> protobuf);

internal enum GrpcStatus
{
    Ok = 0,
    InvalidArgument = 3,
    ResourceExhausted = 8,
    Unauthenticated = 16,
}
