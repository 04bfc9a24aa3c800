using System.Diagnostics;
using Cruddur.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Cruddur.ServiceDefaults.Honeycomb;

/// <summary>
/// The OTLP trace exporter, counting Honeycomb events when an export succeeds and as dropped
/// when it fails (after the exporter's own retries). A subclass rather than a wrapper, because
/// the OTLP exporter reads the resource from the provider that owns it.
/// </summary>
internal sealed class HoneycombTraceExporter(OtlpExporterOptions options) : OtlpTraceExporter(options)
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        // A batch from the SDK's processor is read once (enumerating it drains its queue): copy it,
        // count, then export the copy.
        var spans = new List<Activity>();
        long events = 0;
        foreach (var span in batch)
        {
            spans.Add(span);
            events += HoneycombEvents.Of(span);
        }

        var result = base.Export(new Batch<Activity>([.. spans], spans.Count));
        if (result == ExportResult.Success)
        {
            SinkMeter.HoneycombSent.Add(events);
        }
        else
        {
            SinkMeter.HoneycombDropped.Add(events, SinkMeter.Because("export_failed"));
        }

        return result;
    }
}
