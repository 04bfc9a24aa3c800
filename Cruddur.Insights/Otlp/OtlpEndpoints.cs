using Cruddur.Insights.Security;

namespace Cruddur.Insights.Otlp;

/// <summary>The one OTLP endpoint left: metrics (spans come from the Aspire dashboard's telemetry API).</summary>
internal static class OtlpEndpoints
{
    public static IEndpointRouteBuilder MapOtlpMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPost(OtlpMetricsReceiver.Path, (HttpContext context, OtlpMetricsReceiver receiver) => receiver.ReceiveAsync(context))
            .AddEndpointFilter<OtlpKeyFilter>()
            .DisableAntiforgery()
            .WithName("PostMetrics")
            .WithSummary("OTLP/HTTP metrics: the services' Cruddur.Telemetry counters.");
        return app;
    }
}
