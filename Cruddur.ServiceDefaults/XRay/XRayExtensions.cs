using System.Diagnostics;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.ServiceDefaults.XRay.Sampling;
using Microsoft.AspNetCore.Http;
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
        // Lets the sampler see the request's host, method and path (rules match on them).
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    public static TracerProviderBuilder AddXRay(this TracerProviderBuilder tracing, IConfiguration configuration,
        ServiceResource resource, SinkReport sinks)
    {
        var settings = XRaySettings.FromConfiguration(configuration);
        if (!settings.Enabled)
        {
            sinks.Off("X-Ray", settings.Reason);
            return tracing;
        }

        var rules = SamplingRules.FromFile(settings.SamplingRulesPath, TimeProvider.System, Random.Shared.NextDouble);
        tracing.SetSampler(new XRaySampler(rules, resource.ServiceName, XRaySegmentDocument.OriginOf(resource.Attributes) ?? string.Empty,
            new HttpContextAccessor()));

        var telemetry = new XRayTelemetry();
        XRayExportProcessor? processor = null;
        IReadOnlyDictionary<string, object>? attributes = null;
        var exporter = new XRaySegmentExporter(settings.Daemon.Udp, () => attributes ??= ResourceOf(processor), telemetry);
        var central = new CentralSamplingRules(rules, settings.Daemon.Tcp, settings.CentralSamplingInterval);
        processor = new XRayExportProcessor(exporter, telemetry, companion: central);
        tracing.AddProcessor(processor);
        var matching = rules.Match(new SamplingRequest(resource.ServiceName));
        sinks.On("X-Ray", $"{settings.Reason}; sampling rule {matching.RuleName} " +
            $"({matching.ReservoirSize}/s then {matching.FixedRate:P0}) from {(File.Exists(settings.SamplingRulesPath) ? settings.SamplingRulesPath : "X-Ray's default")}, " +
            $"centralized rules through tcp {settings.Daemon.Tcp} when the daemon answers");
        return tracing;
    }

    private static Dictionary<string, object> ResourceOf(BaseProcessor<Activity>? processor) =>
        processor?.ParentProvider?.GetResource().Attributes.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
        ?? [];
}
