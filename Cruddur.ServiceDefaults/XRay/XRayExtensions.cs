using System.Diagnostics;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// AWS X-Ray: finished spans become segment documents sent to the X-Ray daemon over UDP.
/// </summary>
internal static class XRayExtensions
{
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
        var settings = XRaySettings.FromConfiguration(configuration);
        if (!settings.Enabled)
        {
            sinks.Off("X-Ray", settings.Reason);
            return tracing;
        }

        var telemetry = new XRayTelemetry();
        XRayExportProcessor? processor = null;
        IReadOnlyDictionary<string, object>? resource = null;
        var exporter = new XRaySegmentExporter(settings.Daemon.Udp, () => resource ??= ResourceOf(processor), telemetry);
        processor = new XRayExportProcessor(exporter, telemetry);
        tracing.AddProcessor(processor);
        sinks.On("X-Ray", settings.Reason);
        return tracing;
    }

    private static Dictionary<string, object> ResourceOf(BaseProcessor<Activity>? processor) =>
        processor?.ParentProvider?.GetResource().Attributes.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
        ?? [];
}
