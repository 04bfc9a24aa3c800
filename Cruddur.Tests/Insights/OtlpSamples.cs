using Cruddur.Insights.Otlp.Proto.Collector.Metrics;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Common;
using Cruddur.Insights.Otlp.Proto.Metrics;
using Cruddur.Insights.Otlp.Proto.Trace;
using Google.Protobuf;
using ProtoSpan = Cruddur.Insights.Otlp.Proto.Trace.Span;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Tests.Insights;

/// <summary>OTLP requests built the way an SDK builds them.</summary>
internal static class OtlpSamples
{
    public static readonly ulong Now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    public static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public static string NewSpanId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);

    public static ProtoSpan Span(string traceId, string spanId, string? parentId, string name, double startMs, double durationMs, bool error = false, params (string Key, string Value)[] attributes)
    {
        var span = new ProtoSpan
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
            Name = name,
            Kind = parentId is null ? ProtoSpan.Types.SpanKind.Server : ProtoSpan.Types.SpanKind.Internal,
            StartTimeUnixNano = Now + (ulong)(startMs * 1_000_000),
            EndTimeUnixNano = Now + (ulong)((startMs + durationMs) * 1_000_000),
            Status = new Status { Code = error ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok },
        };
        if (parentId is not null)
        {
            span.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString(parentId));
        }
        span.Attributes.AddRange(attributes.Select(a => Attribute(a.Key, a.Value)));
        return span;
    }

    public static ExportTraceServiceRequest Traces(string service, params ProtoSpan[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = Resource(service) };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static ExportTraceServiceRequest OneTrace(string service, string traceId, string name = "GET /api/activities/home") =>
        Traces(service, Span(traceId, NewSpanId(), null, name, 0, 12));

    public static ExportMetricsServiceRequest Metrics(string service, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Metrics.AddRange(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = Resource(service) };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    public static Metric Counter(string name, params double[] values)
    {
        var sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative };
        for (var i = 0; i < values.Length; i++)
        {
            sum.DataPoints.Add(new NumberDataPoint { TimeUnixNano = Now + ((ulong)i * 1_000_000_000), AsDouble = values[i] });
        }
        return new Metric { Name = name, Unit = "{request}", Sum = sum };
    }

    /// <summary>A cumulative counter as the SDK exports it: every point carries the time counting began.</summary>
    public static Metric CumulativeCounter(string name, DateTimeOffset start, params (DateTimeOffset Time, long Value)[] points)
    {
        var sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative };
        foreach (var (time, value) in points)
        {
            sum.DataPoints.Add(new NumberDataPoint { StartTimeUnixNano = UnixNanos(start), TimeUnixNano = UnixNanos(time), AsInt = value });
        }
        return new Metric { Name = name, Unit = "{event}", Sum = sum };
    }

    public static ulong UnixNanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ProtoResource Resource(string service)
    {
        var resource = new ProtoResource();
        resource.Attributes.Add(Attribute("service.name", service));
        return resource;
    }
}
