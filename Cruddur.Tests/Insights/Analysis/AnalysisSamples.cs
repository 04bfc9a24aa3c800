using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Trace;
using ProtoSpan = Cruddur.Insights.Otlp.Proto.Trace.Span;

namespace Cruddur.Tests.Insights.Analysis;

/// <summary>Traces for the analysis views: a route with a slow user, and a call chain through two services to a database.</summary>
internal static class AnalysisSamples
{
    public const string SlowUser = "slowpoke";
    public static readonly string[] Users = ["andrewbrown", "bayko", "londo", "garek", "worf", "quark", "odo", "kira"];

    /// <summary>
    /// One server span per trace on <paramref name="route"/>: <paramref name="normal"/> requests of 10–19 ms from
    /// eight users and <paramref name="slow"/> of 10× that from <see cref="SlowUser"/>, spread over 20 s.
    /// </summary>
    public static ExportTraceServiceRequest SlowRoute(string service, string route, int normal = 200, int slow = 20, double startMs = 0)
    {
        // Every (normal / slow + 1)-th request is slow: normal must be a multiple of slow.
        var every = (normal / slow) + 1;
        var total = slow * every;
        var spans = new List<ProtoSpan>(total);
        var random = new Random(7);
        for (var i = 0; i < total; i++)
        {
            var isSlow = i % every == 0;
            var user = isSlow ? SlowUser : Users[i % Users.Length];
            var duration = (10 + random.Next(0, 10)) * (isSlow ? 10 : 1);
            spans.Add(OtlpSamples.Span(OtlpSamples.NewTraceId(), OtlpSamples.NewSpanId(), null, "GET " + route,
                startMs + (i * 20_000d / total), duration, false,
                ("http.route", route), ("http.request.method", "GET"), ("user.handle", user), ("http.response.status_code", "200")));
        }
        return OtlpSamples.Traces(service, [.. spans]);
    }

    /// <summary>
    /// gateway server → gateway client → api server → api client to the uninstrumented peer
    /// <c>db.internal:5432</c>; returns the two requests (one per service) and the trace id. A failing
    /// database call fails the api's request and the gateway's too.
    /// </summary>
    public static (ExportTraceServiceRequest Gateway, ExportTraceServiceRequest Api, string TraceId) CallChain(
        string gateway, string api, double apiMs = 30, double dbMs = 20, bool dbError = false)
    {
        var traceId = OtlpSamples.NewTraceId();
        var (root, forward, server, query) = (OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId());
        var gatewaySpans = new[]
        {
            OtlpSamples.Span(traceId, root, null, "GET /api/activities/home", 0, apiMs + 4, dbError, ("http.route", "/api/activities/home")),
            Kind(OtlpSamples.Span(traceId, forward, root, "GET", 1, apiMs + 2, false, ("server.address", "127.0.0.1"), ("server.port", "5000")), ProtoSpan.Types.SpanKind.Client),
        };
        var apiSpans = new[]
        {
            Kind(OtlpSamples.Span(traceId, server, forward, "GET /api/activities/home", 2, apiMs, dbError, ("http.route", "/api/activities/home")), ProtoSpan.Types.SpanKind.Server),
            Kind(OtlpSamples.Span(traceId, query, server, "SELECT activities", 3, dbMs, dbError, ("db.system", "postgresql"), ("server.address", "db.internal"), ("server.port", "5432")), ProtoSpan.Types.SpanKind.Client),
        };
        return (OtlpSamples.Traces(gateway, gatewaySpans), OtlpSamples.Traces(api, apiSpans), traceId);
    }

    public static ProtoSpan Kind(ProtoSpan span, ProtoSpan.Types.SpanKind kind)
    {
        span.Kind = kind;
        return span;
    }
}
