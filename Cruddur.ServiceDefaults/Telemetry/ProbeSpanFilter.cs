using System.Diagnostics;
using OpenTelemetry;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// Leaves out of traces the client spans of health probes a service sends on its own, such as
/// a gateway's active health checks: root spans that call <c>/health</c> or <c>/alive</c>.
/// Must run before the exporting processors, which skip activities that are not recorded.
/// </summary>
internal sealed class ProbeSpanFilter : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (IsProbeCall(data))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    internal static bool IsProbeCall(Activity activity)
    {
        if (activity.Kind != ActivityKind.Client || activity.ParentSpanId != default)
        {
            return false;
        }

        return IsProbeUrl(activity.GetTagItem("url.full") as string);
    }

    internal static bool IsProbeUrl(string? url) =>
        url is not null
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && RequestTelemetryMiddleware.IsProbe(uri.AbsolutePath.TrimEnd('/') is { Length: > 0 } path ? path : "/");
}
