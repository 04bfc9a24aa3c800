using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Gateway;

/// <summary>
/// An OTLP/HTTP trace receiver on 127.0.0.1: accepts <c>POST /v1/traces</c> with a protobuf
/// ExportTraceServiceRequest and keeps the spans, decoded by field number.
/// </summary>
internal sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpTraceReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT takes it.</summary>
    public Uri Endpoint { get; }

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public static async Task<OtlpTraceReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        OtlpTraceReceiver? receiver = null;
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            var body = context.Request.Headers.ContentEncoding == "gzip"
                ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
                : context.Request.Body;
            await body.CopyToAsync(buffer, context.RequestAborted);
            foreach (var span in ReceivedSpan.DecodeExportRequest(buffer.ToArray()))
            {
                receiver!.Spans.Enqueue(span);
            }

            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpTraceReceiver(app, new Uri(address));
        return receiver;
    }

    /// <summary>Waits, bounded, until <paramref name="condition"/> holds over the spans received so far.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = Spans.ToArray();
            if (condition(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One span as OTLP carried it, with its service's name.</summary>
internal sealed record ReceivedSpan(
    string ServiceName,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int KindServer = 2;
    public const int KindClient = 3;

    // Field numbers from opentelemetry/proto/collector/trace/v1 and trace/v1 (OTLP 1.x).
    public static IEnumerable<ReceivedSpan> DecodeExportRequest(byte[] payload)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(payload).Where(field => field.Number == 1))
        {
            var serviceName = "";
            var scopes = new List<byte[]>();
            foreach (var field in Fields(resourceSpans.Bytes))
            {
                if (field.Number == 1)
                {
                    var attributes = DecodeAttributes(Fields(field.Bytes).Where(inner => inner.Number == 1));
                    serviceName = attributes.GetValueOrDefault("service.name", "");
                }
                else if (field.Number == 2)
                {
                    scopes.Add(field.Bytes);
                }
            }

            foreach (var scope in scopes)
            {
                foreach (var span in Fields(scope).Where(field => field.Number == 2))
                {
                    spans.Add(DecodeSpan(serviceName, span.Bytes));
                }
            }
        }

        return spans;
    }

    private static ReceivedSpan DecodeSpan(string serviceName, byte[] span)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var kind = 0;
        var attributes = new List<Field>();
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parentSpanId = Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
                case 9: attributes.Add(field); break;
                default: break;
            }
        }

        return new ReceivedSpan(serviceName, traceId, spanId, parentSpanId, name, kind, DecodeAttributes(attributes));
    }

    /// <summary>KeyValue (1 key, 2 AnyValue); AnyValue's string (1) or int (3) value, as text.</summary>
    private static Dictionary<string, string> DecodeAttributes(IEnumerable<Field> keyValues)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues)
        {
            string? key = null, value = null;
            foreach (var field in Fields(keyValue.Bytes))
            {
                if (field.Number == 1)
                {
                    key = System.Text.Encoding.UTF8.GetString(field.Bytes);
                }
                else if (field.Number == 2)
                {
                    foreach (var any in Fields(field.Bytes))
                    {
                        value = any.Number switch
                        {
                            1 => System.Text.Encoding.UTF8.GetString(any.Bytes),
                            3 => ((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            _ => value,
                        };
                    }
                }
            }

            if (key is not null)
            {
                result[key] = value ?? "";
            }
        }

        return result;
    }

    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint: fields.Add(new Field(number, input.ReadUInt64(), [])); break;
                case WireFormat.WireType.LengthDelimited: fields.Add(new Field(number, 0, input.ReadBytes().ToByteArray())); break;
                default: input.SkipLastField(); break;
            }
        }

        return fields;
    }

    private sealed record Field(int Number, ulong Varint, byte[] Bytes);
}
