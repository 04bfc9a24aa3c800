using Cruddur.Insights.Hosting;
using Cruddur.Insights.Otlp.Proto.Collector.Logs;
using Cruddur.Insights.Otlp.Proto.Collector.Metrics;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;

namespace Cruddur.Insights.Otlp;

/// <summary>
/// The OTLP receivers: /v1/* on the HTTP port, the three Export methods on the gRPC port. Protobuf traces
/// and logs are decoded straight into records (<see cref="Wire.OtlpWireDecoder"/>); metrics and OTLP/JSON
/// go through the generated classes.
/// </summary>
internal static class OtlpEndpoints
{
    public const string CorsPolicy = "otlp-browsers";

    public static IEndpointRouteBuilder MapOtlpHttp(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").OnListener(Listener.OtlpHttp).RequireCors(CorsPolicy).DisableAntiforgery();
        group.MapPost("/traces", (HttpContext c, OtlpReceiver r, OtlpConverter s) => r.HttpAsync(c, ExportTraceServiceRequest.Parser, s.Accept, new ExportTraceServiceResponse(), s.AcceptTraces));
        group.MapPost("/logs", (HttpContext c, OtlpReceiver r, OtlpConverter s) => r.HttpAsync(c, ExportLogsServiceRequest.Parser, s.Accept, new ExportLogsServiceResponse(), s.AcceptLogs));
        group.MapPost("/metrics", (HttpContext c, OtlpReceiver r, OtlpConverter s) => r.HttpAsync(c, ExportMetricsServiceRequest.Parser, s.Accept, new ExportMetricsServiceResponse()));
        return app;
    }

    public static IEndpointRouteBuilder MapOtlpGrpc(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").OnListener(Listener.OtlpGrpc).DisableAntiforgery();
        group.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", (HttpContext c, OtlpReceiver r, OtlpConverter s) => r.GrpcAsync(c, ExportTraceServiceRequest.Parser, s.Accept, new ExportTraceServiceResponse(), s.AcceptTraces));
        group.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", (HttpContext c, OtlpReceiver r, OtlpConverter s) => r.GrpcAsync(c, ExportLogsServiceRequest.Parser, s.Accept, new ExportLogsServiceResponse(), s.AcceptLogs));
        group.MapPost("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", (HttpContext c, OtlpReceiver r, OtlpConverter s) => r.GrpcAsync(c, ExportMetricsServiceRequest.Parser, s.Accept, new ExportMetricsServiceResponse()));
        return app;
    }
}
