using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// AWS X-Ray: finished spans become segment documents sent to the X-Ray daemon over UDP.
/// </summary>
internal static class XRayExtensions
{
    public const string DaemonAddressSetting = "AWS_XRAY_DAEMON_ADDRESS";

    public static TracerProviderBuilder AddXRay(this TracerProviderBuilder tracing, IConfiguration configuration, SinkReport sinks)
    {
        sinks.Off("X-Ray", string.IsNullOrWhiteSpace(configuration[DaemonAddressSetting])
            ? $"{DaemonAddressSetting} is not set"
            : "the segment exporter is not part of this build yet");
        return tracing;
    }
}
