using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>One request as the route views see it: a server span, its service and its route.</summary>
internal readonly record struct RouteSample(string Service, string Route, SpanRecord Span)
{
    public const string RouteAttribute = "http.route";

    public long StartNanos => Span.StartNanos;
    public double DurationMs => Span.DurationMs;
    public bool IsError => Span.IsError;

    /// <summary>Server spans that started in the window; the route is <c>http.route</c>, else the span name.</summary>
    public static List<RouteSample> Collect(TraceRecord[] traces, long fromNanos, string? service = null, string? route = null)
    {
        var samples = new List<RouteSample>();
        foreach (var trace in traces)
        {
            if (trace.EndNanos < fromNanos)
            {
                continue;
            }
            foreach (var span in trace.Spans)
            {
                if (span.Kind != "Server" || span.StartNanos < fromNanos)
                {
                    continue;
                }
                var spanService = span.Resource.ServiceName;
                if (service is not null && !spanService.Equals(service, StringComparison.Ordinal))
                {
                    continue;
                }
                var spanRoute = RouteOf(span);
                if (route is not null && !spanRoute.Equals(route, StringComparison.Ordinal))
                {
                    continue;
                }
                samples.Add(new RouteSample(spanService, spanRoute, span));
            }
        }
        return samples;
    }

    private static string RouteOf(SpanRecord span)
    {
        foreach (var attribute in span.Attributes)
        {
            if (attribute.Key == RouteAttribute)
            {
                return attribute.Value;
            }
        }
        return span.Name;
    }
}
