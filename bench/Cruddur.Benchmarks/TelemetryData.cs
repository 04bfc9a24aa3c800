using Cruddur.Insights;
using System.Text.Json.Nodes;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Storage;
using Microsoft.Extensions.Options;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Common;
using Cruddur.Insights.Otlp.Proto.Trace;
using Google.Protobuf;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Benchmarks;

/// <summary>Realistic trace batches: traces of 10 spans from two services, HTTP-like attributes.</summary>
internal static class TelemetryData
{
    /// <summary>A store holding 10,000 traces of 10 spans, as the analysis benchmarks need.</summary>
    public static TraceStore FullStore()
    {
        var options = Options.Create(new InsightsOptions());
        var traces = new TraceStore(options);
        var converter = new OtlpConverter(new AttributeReader(options), traces, new MetricStore(options));
        for (var i = 0; i < 10_000 / 100; i++)
        {
            converter.Accept(Batch(100, 10, i));
        }
        if (traces.Count != 10_000)
        {
            throw new InvalidOperationException($"Expected 10,000 traces, got {traces.Count}.");
        }
        return traces;
    }

    public static ExportTraceServiceRequest Batch(int traces, int spansPerTrace, int seed)
    {
        var random = new Random(seed);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var request = new ExportTraceServiceRequest();
        foreach (var service in new[] { "cruddur-gateway", "cruddur-api" })
        {
            var resource = new ProtoResource();
            resource.Attributes.Add(Attr("service.name", service));
            resource.Attributes.Add(Attr("telemetry.sdk.language", "dotnet"));
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore" } };
            var resourceSpans = new ResourceSpans { Resource = resource };
            resourceSpans.ScopeSpans.Add(scope);
            request.ResourceSpans.Add(resourceSpans);
        }
        for (var t = 0; t < traces; t++)
        {
            var traceId = new byte[16];
            random.NextBytes(traceId);
            byte[]? parent = null;
            for (var s = 0; s < spansPerTrace; s++)
            {
                var spanId = new byte[8];
                random.NextBytes(spanId);
                var span = new Span
                {
                    TraceId = ByteString.CopyFrom(traceId),
                    SpanId = ByteString.CopyFrom(spanId),
                    Name = s == 0 ? "GET /api/activities/home" : $"HomeActivities.step{s}",
                    Kind = s == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Internal,
                    StartTimeUnixNano = now + (ulong)(t * 1_000_000) + (ulong)(s * 10_000),
                    EndTimeUnixNano = now + (ulong)(t * 1_000_000) + (ulong)(s * 10_000) + (ulong)random.Next(1_000, 900_000),
                    Status = new Status { Code = t % 50 == 0 && s == 1 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
                };
                if (parent is not null)
                {
                    span.ParentSpanId = ByteString.CopyFrom(parent);
                }
                span.Attributes.Add(Attr("http.request.method", "GET"));
                span.Attributes.Add(Attr("http.route", "/api/activities/home"));
                span.Attributes.Add(Attr("url.path", "/api/activities/home"));
                span.Attributes.Add(Attr("user", "user" + (t % 100)));
                span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } });
                request.ResourceSpans[s < 2 ? 0 : 1].ScopeSpans[0].Spans.Add(span);
                parent = spanId;
            }
        }
        return request;
    }

    /// <summary>The batch as OTLP/JSON, as the Aspire dashboard's telemetry API writes it: ids in hex.</summary>
    public static byte[] Json(ExportTraceServiceRequest request)
    {
        var node = JsonNode.Parse(JsonFormatter.Default.Format(request))!;
        HexIds(node);
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    // The protobuf JSON formatter writes bytes as base64.
    private static void HexIds(JsonNode node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                HexIds(item);
            }
            return;
        }
        if (node is not JsonObject obj)
        {
            return;
        }
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "traceId" or "spanId" or "parentSpanId" && value is JsonValue id)
            {
                obj[key] = Convert.ToHexStringLower(Convert.FromBase64String(id.GetValue<string>()));
            }
            else if (value is not null)
            {
                HexIds(value);
            }
        }
    }

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
