using Cruddur.Insights.Otlp.Proto.Collector.Metrics;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Metrics;
using Cruddur.Insights.Otlp.Proto.Trace;
using Cruddur.Insights.Storage;
using Google.Protobuf.Collections;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Insights.Otlp;

/// <summary>
/// Turns OTLP requests into the store's compact records and hands them over: spans (from the Aspire
/// dashboard's telemetry API, parsed by <see cref="OtlpJson"/>) and the services' counters (POST /v1/metrics).
/// </summary>
internal sealed class OtlpConverter(AttributeReader attributes, TraceStore traces, MetricStore metrics)
{
    private const string UnknownService = "unknown_service";

    /// <exception cref="FormatException">A span whose trace id is not 16 bytes or span id not 8 bytes.</exception>
    public void Accept(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = Resource(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = attributes.Intern(scopeSpans.Scope?.Name ?? "");
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
                    {
                        throw new FormatException("trace id must be 16 bytes and span id 8 bytes");
                    }
                    spans.Add(new SpanRecord(
                        AttributeReader.Hex(span.TraceId),
                        AttributeReader.Hex(span.SpanId),
                        span.ParentSpanId.IsEmpty ? null : AttributeReader.Hex(span.ParentSpanId),
                        attributes.Intern(span.Name),
                        KindName(span.Kind),
                        (long)span.StartTimeUnixNano,
                        (long)Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano),
                        StatusName(span.Status?.Code ?? Status.Types.StatusCode.Unset),
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        attributes.Read(span.Attributes),
                        [.. span.Events.Select(e => new SpanEventRecord(attributes.Intern(e.Name), (long)e.TimeUnixNano, attributes.Read(e.Attributes)))],
                        [.. span.Links.Select(l => new SpanLinkRecord(AttributeReader.Hex(l.TraceId), AttributeReader.Hex(l.SpanId), attributes.Read(l.Attributes)))],
                        resource,
                        scope));
                }
            }
        }
        traces.Add(spans);
    }

    /// <summary>Sums and gauges, as points of their instrument: what Spend reads (other kinds are not kept).</summary>
    public void Accept(ExportMetricsServiceRequest request)
    {
        var batch = new List<MetricSeries>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = Resource(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = attributes.Intern(scopeMetrics.Scope?.Name ?? "");
                foreach (var metric in scopeMetrics.Metrics)
                {
                    var (type, points) = metric.DataCase switch
                    {
                        Metric.DataOneofCase.Sum => (metric.Sum.IsMonotonic ? "counter" : "updown-counter", metric.Sum.DataPoints),
                        Metric.DataOneofCase.Gauge => ("gauge", metric.Gauge.DataPoints),
                        _ => ("", (RepeatedField<NumberDataPoint>?)null),
                    };
                    if (points is { Count: > 0 })
                    {
                        batch.Add(new MetricSeries(resource.ServiceName, scope, attributes.Intern(metric.Name), metric.Description, metric.Unit, type,
                            [.. points.Select(Number)]));
                    }
                }
            }
        }
        metrics.Add(batch);
    }

    private MetricPoint Number(NumberDataPoint p) =>
        new((long)p.TimeUnixNano, attributes.Read(p.Attributes), p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble, (long)p.StartTimeUnixNano);

    /// <summary>The sender of a batch: its service is <c>service.name</c>, or unknown_service.</summary>
    private ResourceRecord Resource(ProtoResource? resource)
    {
        var read = resource is null ? [] : attributes.Read(resource.Attributes);
        var service = Array.Find(read, a => a.Key == "service.name").Value;
        return new ResourceRecord(attributes.Intern(string.IsNullOrEmpty(service) ? UnknownService : service), read);
    }

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    private static string StatusName(Status.Types.StatusCode code) => code switch
    {
        Status.Types.StatusCode.Ok => "Ok",
        Status.Types.StatusCode.Error => "Error",
        _ => "Unset",
    };
}
