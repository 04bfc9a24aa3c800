using Cruddur.Insights.Otlp.Proto.Collector.Logs;
using Cruddur.Insights.Otlp.Proto.Collector.Metrics;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Logs;
using Cruddur.Insights.Otlp.Proto.Metrics;
using Cruddur.Insights.Otlp.Proto.Trace;
using Cruddur.Insights.Storage;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Insights.Otlp;

/// <summary>Turns decoded OTLP requests into the store's compact records and hands them over.</summary>
internal sealed class OtlpConverter(AttributeReader attributes, TraceStore traces, LogStore logs, MetricStore metrics)
{
    private const string UnknownService = "unknown_service";
    private readonly Wire.OtlpWireDecoder _wire = new(attributes);

    /// <summary>An ExportTraceServiceRequest's protobuf bytes, decoded straight into span records.</summary>
    public void AcceptTraces(ReadOnlySpan<byte> protobuf) => traces.Add(_wire.DecodeTraces(protobuf));

    /// <summary>An ExportLogsServiceRequest's protobuf bytes, decoded straight into log entries.</summary>
    public void AcceptLogs(ReadOnlySpan<byte> protobuf) => logs.Add(_wire.DecodeLogs(protobuf, logs.NextSequence));

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

    public void Accept(ExportLogsServiceRequest request)
    {
        var records = new List<LogRecordEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = Resource(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = attributes.Intern(scopeLogs.Scope?.Name ?? "");
                foreach (var log in scopeLogs.LogRecords)
                {
                    var time = log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano;
                    var logAttributes = attributes.Read(log.Attributes);
                    records.Add(new LogRecordEntry(
                        logs.NextSequence(),
                        (long)time,
                        Level(log.SeverityNumber),
                        log.SeverityText,
                        MessageTemplate.Render(attributes.Text(log.Body), logAttributes),
                        log.TraceId.IsEmpty ? null : AttributeReader.Hex(log.TraceId),
                        log.SpanId.IsEmpty ? null : AttributeReader.Hex(log.SpanId),
                        string.IsNullOrEmpty(log.EventName) ? null : log.EventName,
                        logAttributes,
                        resource,
                        scope));
                }
            }
        }
        logs.Add(records);
    }

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
                    var (type, points) = Points(metric);
                    if (points.Count > 0)
                    {
                        batch.Add(new MetricSeries(resource.ServiceName, scope, attributes.Intern(metric.Name), metric.Description, metric.Unit, type, points));
                    }
                }
            }
        }
        metrics.Add(batch);
    }

    private (string Type, List<MetricPoint> Points) Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                points.AddRange(metric.Gauge.DataPoints.Select(Number));
                return ("gauge", points);
            case Metric.DataOneofCase.Sum:
                points.AddRange(metric.Sum.DataPoints.Select(Number));
                return (metric.Sum.IsMonotonic ? "counter" : "updown-counter", points);
            case Metric.DataOneofCase.Histogram:
                foreach (var p in metric.Histogram.DataPoints)
                {
                    var summary = Percentiles.FromExplicitBuckets(p.Count, p.HasSum ? p.Sum : 0, p.HasMin ? p.Min : null, p.HasMax ? p.Max : null, p.ExplicitBounds, p.BucketCounts);
                    points.Add(new MetricPoint((long)p.TimeUnixNano, attributes.Read(p.Attributes), summary.P50, summary));
                }
                return ("histogram", points);
            case Metric.DataOneofCase.ExponentialHistogram:
                foreach (var p in metric.ExponentialHistogram.DataPoints)
                {
                    var summary = Percentiles.FromExponentialBuckets(p);
                    points.Add(new MetricPoint((long)p.TimeUnixNano, attributes.Read(p.Attributes), summary.P50, summary));
                }
                return ("histogram", points);
            case Metric.DataOneofCase.Summary:
                foreach (var p in metric.Summary.DataPoints)
                {
                    double Quantile(double q) => p.QuantileValues.FirstOrDefault(v => Math.Abs(v.Quantile - q) < 1e-9)?.Value ?? double.NaN;
                    var summary = new HistogramSummary(p.Count, p.Sum, null, null, Quantile(0.5), Quantile(0.9), Quantile(0.99));
                    points.Add(new MetricPoint((long)p.TimeUnixNano, attributes.Read(p.Attributes), p.Count == 0 ? 0 : p.Sum / p.Count, summary));
                }
                return ("summary", points);
            default:
                return ("unknown", points);
        }
    }

    private MetricPoint Number(NumberDataPoint p) =>
        new((long)p.TimeUnixNano, attributes.Read(p.Attributes), p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble, null, (long)p.StartTimeUnixNano);

    private ResourceRecord Resource(ProtoResource? resource) =>
        resource is null ? NoResource : ResourceFrom(attributes.Read(resource.Attributes), attributes);

    /// <summary>A batch sent without a resource.</summary>
    public static ResourceRecord NoResource { get; } = new(UnknownService, []);

    /// <summary>A resource from its (capped) attributes: the service is <c>service.name</c>, or unknown_service.</summary>
    public static ResourceRecord ResourceFrom(TelemetryAttribute[] read, AttributeReader attributes)
    {
        var service = Array.Find(read, a => a.Key == "service.name").Value;
        return new ResourceRecord(attributes.Intern(string.IsNullOrEmpty(service) ? UnknownService : service), read);
    }

    private static string KindName(Span.Types.SpanKind kind) => KindName((int)kind);

    public static string KindName(int kind) => (Span.Types.SpanKind)kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    private static string StatusName(Status.Types.StatusCode code) => StatusName((int)code);

    public static string StatusName(int code) => (Status.Types.StatusCode)code switch
    {
        Status.Types.StatusCode.Ok => "Ok",
        Status.Types.StatusCode.Error => "Error",
        _ => "Unset",
    };

    /// <summary>OTLP severity numbers come in groups of four per level.</summary>
    public static LogLevel Level(SeverityNumber number) => (int)number switch
    {
        >= 21 => LogLevel.Critical,
        >= 17 => LogLevel.Error,
        >= 13 => LogLevel.Warning,
        >= 9 => LogLevel.Information,
        >= 5 => LogLevel.Debug,
        >= 1 => LogLevel.Trace,
        _ => LogLevel.Information,
    };
}
