using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>
/// A real OTLP/HTTP receiver on a loopback port for tests: accepts protobuf exports on
/// /v1/traces and /v1/logs and keeps the few fields tests assert on. Bodies are decoded when a test
/// reads them, not as they arrive: under a drill's load the decoding would take CPU from the services
/// being measured.
/// </summary>
public sealed class OtlpHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _traceBodies = new();
    private readonly ConcurrentQueue<byte[]> _logBodies = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<ReceivedLog> _logs = new();
    private readonly Lock _decoding = new();

    private OtlpHttpReceiver(WebApplication app) => _app = app;

    /// <summary>Every span received so far, in arrival order.</summary>
    public IReadOnlyCollection<ReceivedSpan> Spans
    {
        get
        {
            Decode();
            return _spans.ToArray();
        }
    }

    /// <summary>Every log record received so far, in arrival order.</summary>
    public IReadOnlyCollection<ReceivedLog> Logs
    {
        get
        {
            Decode();
            return _logs.ToArray();
        }
    }

    private readonly ConcurrentDictionary<string, ReceivedCounterPoint> _counters = new();

    /// <summary>
    /// The total of a monotonic counter a service reported, over the series whose attributes include
    /// <paramref name="attribute"/> (every series when null).
    /// </summary>
    public long Counter(string service, string name, KeyValuePair<string, string>? attribute = null) =>
        _counters.Values
            .Where(point => point.Service == service && point.Name == name)
            .Where(point => attribute is not { } wanted || point.Attributes.GetValueOrDefault(wanted.Key) == wanted.Value)
            .Sum(point => point.Value);

    public string Endpoint => _app.Urls.First();

    public static async Task<OtlpHttpReceiver> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpHttpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            receiver._traceBodies.Enqueue(await ReadBodyAsync(request));
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            receiver._logBodies.Enqueue(await ReadBodyAsync(request));
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            foreach (var point in OtlpDecoder.DecodeCounterPoints(await ReadBodyAsync(request)))
            {
                // Cumulative sums: the newest point of a series is its total.
                receiver._counters[point.Series] = point;
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    public async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Nothing matching arrived at the OTLP receiver within {timeout}.");
    }

    /// <summary>Waits, bounded, until <paramref name="condition"/> holds over the spans received so far.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(
        Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
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

    // One reader decodes at a time, so spans and logs keep their arrival order.
    private void Decode()
    {
        lock (_decoding)
        {
            while (_traceBodies.TryDequeue(out var body))
            {
                foreach (var span in OtlpDecoder.DecodeTraces(body))
                {
                    _spans.Enqueue(span);
                }
            }

            while (_logBodies.TryDequeue(out var body))
            {
                foreach (var log in OtlpDecoder.DecodeLogs(body))
                {
                    _logs.Enqueue(log);
                }
            }
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var body = request.Headers.ContentEncoding == "gzip"
            ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress)
            : request.Body;
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}

public sealed record ReceivedSpan(string ServiceName, string TraceId, string SpanId, string ParentSpanId,
    string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    // SpanKind values of the OTLP trace proto.
    public const int KindServer = 2;
    public const int KindClient = 3;

    /// <summary>Span events (each one more event for Honeycomb's billing).</summary>
    public int EventCount { get; init; }

    /// <summary>Span links (each one more event for Honeycomb's billing).</summary>
    public int LinkCount { get; init; }
}

public sealed record ReceivedCounterPoint(string Service, string Name, IReadOnlyDictionary<string, string> Attributes, long Value)
{
    public string Series => $"{Service}|{Name}|{string.Join(',', Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal))}";
}

public sealed record ReceivedLog(string ServiceName, string TraceId, string SpanId, string Category, string Body);

/// <summary>Reads the OTLP protobuf messages field by field (numbers from the OTLP specification).</summary>
internal static class OtlpDecoder
{
    public static IEnumerable<ReceivedSpan> DecodeTraces(byte[] body)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Repeated(body, 1))
        {
            var service = ServiceNameOf(resourceSpans);
            foreach (var scopeSpans in Repeated(resourceSpans, 2))
            {
                foreach (var span in Repeated(scopeSpans, 2))
                {
                    var fields = Fields(span);
                    spans.Add(new ReceivedSpan(
                        service,
                        Hex(fields, 1),
                        Hex(fields, 2),
                        Hex(fields, 4),
                        Text(fields, 5),
                        fields.TryGetValue(6, out var kind) ? (int)(ulong)kind[0] : 0,
                        Attributes(span, 9))
                    {
                        EventCount = Repeated(span, 11).Count(),
                        LinkCount = Repeated(span, 13).Count(),
                    });
                }
            }
        }

        return spans;
    }

    public static IEnumerable<ReceivedLog> DecodeLogs(byte[] body)
    {
        var logs = new List<ReceivedLog>();
        foreach (var resourceLogs in Repeated(body, 1))
        {
            var service = ServiceNameOf(resourceLogs);
            foreach (var scopeLogs in Repeated(resourceLogs, 2))
            {
                var scope = Repeated(scopeLogs, 1).FirstOrDefault();
                var category = scope is null ? "" : Text(Fields(scope), 1);
                foreach (var record in Repeated(scopeLogs, 2))
                {
                    var fields = Fields(record);
                    var bodyValue = fields.TryGetValue(5, out var anyValue) ? Text(Fields((byte[])anyValue[0]), 1) : "";
                    logs.Add(new ReceivedLog(service, Hex(fields, 9), Hex(fields, 10), category, bodyValue));
                }
            }
        }

        return logs;
    }

    /// <summary>The integer points of every Sum metric (ResourceMetrics → ScopeMetrics → Metric.sum → NumberDataPoint).</summary>
    public static IEnumerable<ReceivedCounterPoint> DecodeCounterPoints(byte[] body)
    {
        var points = new List<ReceivedCounterPoint>();
        foreach (var resourceMetrics in Repeated(body, 1))
        {
            var service = ServiceNameOf(resourceMetrics);
            foreach (var metric in Repeated(resourceMetrics, 2).SelectMany(scopeMetrics => Repeated(scopeMetrics, 2)))
            {
                var fields = Fields(metric);
                var name = Text(fields, 1);
                foreach (var sum in Repeated(metric, 7))
                {
                    foreach (var point in Repeated(sum, 1))
                    {
                        var pointFields = Fields(point);
                        // as_int (sfixed64, field 6) for long counters; as_double (field 4) otherwise.
                        var value = pointFields.TryGetValue(6, out var integer) ? (long)(ulong)integer[0]
                            : pointFields.TryGetValue(4, out var real) ? (long)BitConverter.UInt64BitsToDouble((ulong)real[0])
                            : 0;
                        points.Add(new ReceivedCounterPoint(service, name, Attributes(point, 7), value));
                    }
                }
            }
        }

        return points;
    }

    private static string ServiceNameOf(byte[] resourceContainer)
    {
        var resource = Repeated(resourceContainer, 1).FirstOrDefault();
        return resource is null ? "" : Attributes(resource, 1).GetValueOrDefault("service.name", "");
    }

    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var result = new Dictionary<string, string>();
        foreach (var keyValue in Repeated(message, field))
        {
            var pair = Fields(keyValue);
            var key = Text(pair, 1);
            if (!pair.TryGetValue(2, out var anyValue))
            {
                continue;
            }

            var value = Fields((byte[])anyValue[0]);
            result[key] = value.TryGetValue(1, out var text) ? System.Text.Encoding.UTF8.GetString((byte[])text[0])
                : value.TryGetValue(3, out var integer) ? ((long)(ulong)integer[0]).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : value.TryGetValue(2, out var flag) ? ((ulong)flag[0] != 0).ToString()
                : "";
        }

        return result;
    }

    private static IEnumerable<byte[]> Repeated(byte[] message, int field) =>
        Fields(message).TryGetValue(field, out var values) ? values.OfType<byte[]>() : [];

    private static string Text(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) ? System.Text.Encoding.UTF8.GetString((byte[])values[0]) : "";

    private static string Hex(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) ? Convert.ToHexStringLower((byte[])values[0]) : "";

    private static Dictionary<int, List<object>> Fields(byte[] message)
    {
        var fields = new Dictionary<int, List<object>>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            object value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.Varint => input.ReadUInt64(),
                WireFormat.WireType.Fixed64 => input.ReadFixed64(),
                WireFormat.WireType.Fixed32 => (ulong)input.ReadFixed32(),
                WireFormat.WireType.LengthDelimited => input.ReadBytes().ToByteArray(),
                _ => throw new InvalidDataException($"Unexpected wire type in tag {tag}."),
            };
            var number = WireFormat.GetTagFieldNumber(tag);
            if (!fields.TryGetValue(number, out var list))
            {
                fields[number] = list = [];
            }

            list.Add(value);
        }

        return fields;
    }
}
