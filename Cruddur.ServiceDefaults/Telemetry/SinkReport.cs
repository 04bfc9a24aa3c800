using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// What each telemetry sink decided at start-up, logged once: one line per sink, so a developer
/// with nothing configured sees a quiet, clear start ("X-Ray: off (…)").
/// </summary>
public sealed class SinkReport
{
    private readonly List<SinkLine> _lines = [];

    public IReadOnlyList<SinkLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The report of this application, registered as a singleton on first use.</summary>
    public static SinkReport For(IHostApplicationBuilder builder)
    {
        var existing = builder.Services
            .Where(service => service.ServiceType == typeof(SinkReport))
            .Select(service => service.ImplementationInstance)
            .OfType<SinkReport>()
            .FirstOrDefault();
        if (existing is not null)
        {
            return existing;
        }

        var report = new SinkReport();
        builder.Services.AddSingleton(report);
        return report;
    }

    public void On(string sink, string detail) => Add(new SinkLine(sink, true, detail));

    public void Off(string sink, string reason) => Add(new SinkLine(sink, false, reason));

    private void Add(SinkLine line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}

public sealed record SinkLine(string Sink, bool On, string Detail);
