using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Cruddur.FakeSinks;

/// <summary>
/// Stands in for the Aspire dashboard's OTLP/gRPC endpoint in the load benchmark: every Export call (traces,
/// logs, metrics) is read whole, counted and answered OK with an empty response, as a collector does. The
/// dashboard's own cost of keeping telemetry is not what the benchmark measures; the services' cost of
/// sending it is.
/// </summary>
internal sealed class LeanOtlpReceiver : IAsyncDisposable
{
    private static readonly string[] Services =
    [
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "opentelemetry.proto.collector.logs.v1.LogsService",
        "opentelemetry.proto.collector.metrics.v1.MetricsService",
    ];

    private readonly WebApplication _app;
    private long _exports;
    private long _bytes;

    private LeanOtlpReceiver(WebApplication app) => _app = app;

    /// <summary>For OTEL_EXPORTER_OTLP_ENDPOINT with the default protocol, grpc.</summary>
    public string Endpoint => _app.Urls.First();

    public long Exports => Interlocked.Read(ref _exports);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<LeanOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Cleartext gRPC is HTTP/2 with prior knowledge: no HTTP/1.1 on this port.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LeanOtlpReceiver(app);
        foreach (var service in Services)
        {
            app.MapPost($"/{service}/Export", receiver.ExportAsync);
        }
        await app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task ExportAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            total += read;
        }
        Interlocked.Increment(ref _exports);
        Interlocked.Add(ref _bytes, total);

        // One gRPC message: not compressed, zero bytes long (an empty Export*ServiceResponse); then status OK.
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
        context.Response.AppendTrailer("grpc-status", "0");
    }
}
