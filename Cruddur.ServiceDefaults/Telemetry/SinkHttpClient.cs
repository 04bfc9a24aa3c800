namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// The HTTP client of a telemetry sink (CloudWatch Logs, Rollbar, Honeycomb's key check, X-Ray's
/// sampling rules). Without a propagator, SocketsHttpHandler leaves out its diagnostics handler:
/// a sink's call makes no client span and sends no trace headers, so exporting never makes more
/// telemetry to export. Created directly, not by IHttpClientFactory, so it keeps the sink's own
/// documented retries instead of the standard resilience handler.
/// </summary>
internal static class SinkHttpClient
{
    public static HttpClient Create(TimeSpan timeout) =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = timeout };
}
