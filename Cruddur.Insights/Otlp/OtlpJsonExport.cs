using System.Text.Json.Nodes;
using Cruddur.Insights.Otlp.Proto.Collector.Logs;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Common;
using Cruddur.Insights.Otlp.Proto.Logs;
using Cruddur.Insights.Otlp.Proto.Trace;
using Cruddur.Insights.Storage;
using Google.Protobuf;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Insights.Otlp;

/// <summary>
/// Stored traces and logs written back as one OTLP/JSON document: <c>resourceSpans</c> (an
/// ExportTraceServiceRequest) and <c>resourceLogs</c> (an ExportLogsServiceRequest) side by side, ids as hex,
/// enums as integers. The dashboard's import reads both halves; attribute values come back as strings
/// (the store keeps them as text).
/// </summary>
internal static class OtlpJsonExport
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));

    public static JsonObject Build(IReadOnlyList<TraceRecord> traces, IReadOnlyList<LogRecordEntry> logs)
    {
        var document = new JsonObject();
        foreach (var part in new IMessage[] { Traces(traces), Logs(logs) })
        {
            var json = JsonNode.Parse(Formatter.Format(part))!.AsObject();
            OtlpJson.RewriteIds(json, id => Convert.ToHexStringLower(Convert.FromBase64String(id)));
            foreach (var (name, value) in json.ToList())
            {
                json.Remove(name);
                document[name] = value;
            }
        }
        return document;
    }

    private static ExportTraceServiceRequest Traces(IReadOnlyList<TraceRecord> traces)
    {
        var request = new ExportTraceServiceRequest();
        var groups = traces.SelectMany(t => t.Spans).GroupBy(s => s.Resource);
        foreach (var byResource in groups)
        {
            var resourceSpans = new ResourceSpans { Resource = Resource(byResource.Key) };
            foreach (var byScope in byResource.GroupBy(s => s.Scope, StringComparer.Ordinal))
            {
                var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = byScope.Key } };
                scope.Spans.AddRange(byScope.Select(Span));
                resourceSpans.ScopeSpans.Add(scope);
            }
            request.ResourceSpans.Add(resourceSpans);
        }
        return request;
    }

    private static ExportLogsServiceRequest Logs(IReadOnlyList<LogRecordEntry> logs)
    {
        var request = new ExportLogsServiceRequest();
        foreach (var byResource in logs.GroupBy(l => l.Resource))
        {
            var resourceLogs = new ResourceLogs { Resource = Resource(byResource.Key) };
            foreach (var byScope in byResource.GroupBy(l => l.Scope, StringComparer.Ordinal))
            {
                var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = byScope.Key } };
                scope.LogRecords.AddRange(byScope.OrderBy(l => l.Sequence).Select(Log));
                resourceLogs.ScopeLogs.Add(scope);
            }
            request.ResourceLogs.Add(resourceLogs);
        }
        return request;
    }

    private static Span Span(SpanRecord s)
    {
        var span = new Span
        {
            TraceId = Id(s.TraceId),
            SpanId = Id(s.SpanId),
            Name = s.Name,
            Kind = s.Kind switch
            {
                "Server" => Proto.Trace.Span.Types.SpanKind.Server,
                "Client" => Proto.Trace.Span.Types.SpanKind.Client,
                "Producer" => Proto.Trace.Span.Types.SpanKind.Producer,
                "Consumer" => Proto.Trace.Span.Types.SpanKind.Consumer,
                _ => Proto.Trace.Span.Types.SpanKind.Internal,
            },
            StartTimeUnixNano = (ulong)s.StartNanos,
            EndTimeUnixNano = (ulong)s.EndNanos,
            Status = new Status
            {
                Code = s.Status switch { "Ok" => Status.Types.StatusCode.Ok, "Error" => Status.Types.StatusCode.Error, _ => Status.Types.StatusCode.Unset },
                Message = s.StatusMessage ?? "",
            },
        };
        if (s.ParentSpanId is not null)
        {
            span.ParentSpanId = Id(s.ParentSpanId);
        }
        span.Attributes.AddRange(Attributes(s.Attributes));
        foreach (var e in s.Events)
        {
            var item = new Span.Types.Event { Name = e.Name, TimeUnixNano = (ulong)e.TimeNanos };
            item.Attributes.AddRange(Attributes(e.Attributes));
            span.Events.Add(item);
        }
        foreach (var l in s.Links)
        {
            var link = new Span.Types.Link { TraceId = Id(l.TraceId), SpanId = Id(l.SpanId) };
            link.Attributes.AddRange(Attributes(l.Attributes));
            span.Links.Add(link);
        }
        return span;
    }

    private static LogRecord Log(LogRecordEntry l)
    {
        var record = new LogRecord
        {
            TimeUnixNano = (ulong)l.TimeNanos,
            SeverityNumber = l.Level switch
            {
                LogLevel.Trace => SeverityNumber.Trace,
                LogLevel.Debug => SeverityNumber.Debug,
                LogLevel.Warning => SeverityNumber.Warn,
                LogLevel.Error => SeverityNumber.Error,
                LogLevel.Critical => SeverityNumber.Fatal,
                _ => SeverityNumber.Info,
            },
            SeverityText = l.SeverityText,
            Body = new AnyValue { StringValue = l.Message },
            EventName = l.EventName ?? "",
        };
        if (l.TraceId is not null)
        {
            record.TraceId = Id(l.TraceId);
        }
        if (l.SpanId is not null)
        {
            record.SpanId = Id(l.SpanId);
        }
        record.Attributes.AddRange(Attributes(l.Attributes));
        return record;
    }

    private static ProtoResource Resource(ResourceRecord resource)
    {
        var proto = new ProtoResource();
        proto.Attributes.AddRange(Attributes(resource.Attributes));
        if (!resource.Attributes.Any(a => a.Key == "service.name"))
        {
            proto.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = resource.ServiceName } });
        }
        return proto;
    }

    private static IEnumerable<KeyValue> Attributes(TelemetryAttribute[] attributes) =>
        attributes.Select(a => new KeyValue { Key = a.Key, Value = new AnyValue { StringValue = a.Value } });

    private static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
