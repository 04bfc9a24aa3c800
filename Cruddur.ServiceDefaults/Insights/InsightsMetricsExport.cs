using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.Insights;

/// <summary>
/// A meter provider of its own holding only the <c>Cruddur.Telemetry</c> meter, exported over OTLP/HTTP protobuf
/// every five seconds with cumulative temporality (Insights reads the growth between points). Its reader runs on
/// its own thread: a request pays only for the counter increments it already made. Built when the host starts;
/// on a graceful stop it exports once more, so the counts of the last seconds reach Insights too.
/// </summary>
internal sealed class InsightsMetricsExport(InsightsSettings settings, ServiceIdentity service, IServiceProvider services) : IHostedService, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const int StopTimeoutMilliseconds = 3_000;

    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Every option set here: the exporter would otherwise take OTEL_EXPORTER_OTLP_* (the dashboard's
        // endpoint and key, as Aspire sets them) from the environment.
        var exporter = new OtlpMetricExporter(new OtlpExporterOptions
        {
            Endpoint = settings.MetricsEndpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            Headers = settings.OtlpApiKey is { } key ? $"x-otlp-api-key={Uri.EscapeDataString(key)}" : "",
        });
        var reader = new PeriodicExportingMetricReader(exporter, (int)Interval.TotalMilliseconds)
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(service.AddTo(ResourceBuilder.CreateDefault()))
            .AddMeter(SinkMeter.Name)
            .AddReader(reader)
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Spans still queued for Honeycomb and X-Ray would be sent after this export and counted too late:
        // send them now (the tracer provider is flushed again when it is disposed, with nothing left).
        services.GetService<TracerProvider>()?.ForceFlush(StopTimeoutMilliseconds);
        _provider?.Shutdown(StopTimeoutMilliseconds);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}
