using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// Logs the <see cref="SinkReport"/> once at start-up, one line per sink, so a developer with nothing
/// configured sees a quiet, clear start (<c>Honeycomb: off (HONEYCOMB_API_KEY is not set)</c>).
/// </summary>
internal sealed partial class SinkStartupLog(SinkReport sinks, ILogger<SinkStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var line in sinks.Lines)
        {
            LogSink(logger, line.Sink, line.On ? "on" : "off", line.Detail);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Sink}: {State} ({Detail})")]
    private static partial void LogSink(ILogger logger, string sink, string state, string detail);
}
