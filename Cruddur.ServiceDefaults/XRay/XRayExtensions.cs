using System.Diagnostics;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// AWS X-Ray: finished spans become segment documents sent to the X-Ray daemon over UDP.
/// </summary>
internal static class XRayExtensions
{
    public const string DaemonAddressSetting = "AWS_XRAY_DAEMON_ADDRESS";

    /// <summary>
    /// Installs the trace id generator and the propagator. The propagator is also registered in
    /// the container because ASP.NET Core hosting resolves it from there, captured before this runs.
    /// </summary>
    public static TBuilder AddXRayPropagation<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        XRayTraceIds.Install();
        var propagator = DistributedContextPropagator.Current as XRayPropagator ?? new XRayPropagator();
        DistributedContextPropagator.Current = propagator;
        builder.Services.AddSingleton<DistributedContextPropagator>(propagator);
        return builder;
    }

    public static TracerProviderBuilder AddXRay(this TracerProviderBuilder tracing, IConfiguration configuration, SinkReport sinks)
    {
        sinks.Off("X-Ray", string.IsNullOrWhiteSpace(configuration[DaemonAddressSetting])
            ? $"{DaemonAddressSetting} is not set"
            : "the segment exporter is not part of this build yet");
        return tracing;
    }
}
