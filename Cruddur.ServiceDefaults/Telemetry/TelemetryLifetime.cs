using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// Ties the tracer and meter providers to the host. Registered before the web server, so it
/// starts first (listeners exist before the first request) and stops last (after the server
/// has drained its requests), flushing what the last requests produced.
/// </summary>
internal sealed class TelemetryLifetime(
    TracerProvider tracerProvider,
    MeterProvider meterProvider,
    SinkReport sinks,
    ILogger<TelemetryLifetime> logger) : IHostedService
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving the providers in the constructor is what starts them; say what is on.
        foreach (var line in sinks.Lines)
        {
            logger.LogInformation("{Sink}: {State} ({Detail})", line.Sink, line.On ? "on" : "off", line.Detail);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var timeout = (int)FlushTimeout.TotalMilliseconds;
        tracerProvider.ForceFlush(timeout);
        meterProvider.ForceFlush(timeout);
        return Task.CompletedTask;
    }
}
