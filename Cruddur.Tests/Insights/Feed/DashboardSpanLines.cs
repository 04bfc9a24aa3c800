using System.Text.Json.Nodes;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Trace;
using Google.Protobuf;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>Spans written as the Aspire dashboard's stream sends them: one span a line, with its resource and scope.</summary>
internal static class DashboardSpanLines
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));

    public static List<string> Of(ExportTraceServiceRequest request)
    {
        var lines = new List<string>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    var one = new ExportTraceServiceRequest();
                    var scope = new ScopeSpans { Scope = scopeSpans.Scope };
                    scope.Spans.Add(span);
                    var resource = new ResourceSpans { Resource = resourceSpans.Resource };
                    resource.ScopeSpans.Add(scope);
                    one.ResourceSpans.Add(resource);
                    lines.Add(Line(one));
                }
            }
        }
        return lines;
    }

    /// <summary>OTLP/JSON: protobuf's JSON mapping with enums as numbers and ids as hex.</summary>
    public static string Line(ExportTraceServiceRequest request)
    {
        var node = JsonNode.Parse(Formatter.Format(request))!;
        HexIds(node);
        return node.ToJsonString();
    }

    private static readonly string[] IdNames = ["traceId", "spanId", "parentSpanId"];

    private static void HexIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                foreach (var (name, value) in item.ToList())
                {
                    if (IdNames.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var base64))
                    {
                        item[name] = Convert.ToHexStringLower(Convert.FromBase64String(base64));
                    }
                    else
                    {
                        HexIds(value);
                    }
                }
                break;
            case JsonArray items:
                foreach (var value in items)
                {
                    HexIds(value);
                }
                break;
        }
    }

    /// <summary>A request of one server span with the attributes the route views read, as strings the way the dashboard sends them.</summary>
    public static string ServerSpan(string service, string traceId, string spanId, string route = "/api/activities/home", string status = "200") =>
        Line(OtlpSamples.Traces(service, OtlpSamples.Span(traceId, spanId, null, "GET " + route, 0, 12, false,
            ("http.route", route), ("url.path", route), ("http.response.status_code", status))));
}
