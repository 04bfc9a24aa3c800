using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Cruddur.Tests.Insights;

/// <summary>A unary gRPC call over cleartext HTTP/2, framed by hand like any gRPC client frames it.</summary>
internal static class GrpcCall
{
    public const string TraceExport = "opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string LogsExport = "opentelemetry.proto.collector.logs.v1.LogsService/Export";
    public const string MetricsExport = "opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    public static Task<(int Status, string? Message, byte[] Body)> SendAsync(Uri server, string method, IMessage message, bool gzip = false, string? apiKey = null) =>
        SendRawAsync(server, method, Frame(message.ToByteArray(), gzip), gzip, apiKey);

    public static async Task<(int Status, string? Message, byte[] Body)> SendRawAsync(Uri server, string method, byte[] body, bool gzip = false, string? apiKey = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (gzip)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-otlp-api-key", apiKey);
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var status = int.Parse(response.TrailingHeaders.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var message = response.TrailingHeaders.TryGetValues("grpc-message", out var values) ? Uri.UnescapeDataString(values.Single()) : null;
        return (status, message, bytes);
    }

    public static byte[] Frame(byte[] payload, bool gzip)
    {
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var stream = new GZipStream(compressed, CompressionLevel.Fastest))
            {
                stream.Write(payload);
            }
            payload = compressed.ToArray();
        }
        var frame = new byte[5 + payload.Length];
        frame[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
