using System.Diagnostics;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.ServiceDefaults.XRay.Sampling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
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
        // ASP.NET Core and HttpClient already extract and inject with it. The OpenTelemetry instrumentations
        // do both again with the SDK's propagator unless it is plain W3C: they would replace a server span
        // whose tracestate carries the X-Ray decision with one whose tracestate does not.
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        // Lets the sampler see the request's host, method and path (rules match on them).
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    public static TracerProviderBuilder AddXRay(this TracerProviderBuilder tracing, IConfiguration configuration,
        ServiceIdentity service, SinkReport sinks)
    {
        var settings = XRaySettings.FromConfiguration(configuration);
        if (!settings.Enabled)
        {
            sinks.Off("X-Ray", settings.Reason);
            return tracing;
        }

        // The sampler, the exporting queue and the central-rules poller are made with the provider, so
        // nothing polls before the host starts. The SDK's resource (OTEL_RESOURCE_ATTRIBUTES included)
        // exists once the provider is built, which is before the first span is sampled or exported.
        var rules = SamplingRules.FromFile(settings.SamplingRulesPath, TimeProvider.System, Random.Shared.NextDouble);
        XRayExportProcessor? processor = null;
        var resource = new Lazy<IReadOnlyDictionary<string, object>>(() => ResourceOf(processor));
        tracing.SetSampler(_ => new XRaySampler(rules, service.ServiceName,
            () => XRaySegmentDocument.OriginOf(resource.Value) ?? string.Empty, new HttpContextAccessor()));
        tracing.AddProcessor(_ =>
        {
            var telemetry = new XRayTelemetry();
            var exporter = new XRaySegmentExporter(settings.Daemon.Udp, () => resource.Value, telemetry);
            var central = new CentralSamplingRules(rules, settings.Daemon.Tcp, settings.CentralSamplingInterval);
            return processor = new XRayExportProcessor(exporter, telemetry, companion: central);
        });
        var matching = rules.Match(new SamplingRequest(service.ServiceName));
        sinks.On("X-Ray", $"{settings.Reason}; sampling rule {matching.RuleName} " +
            $"({matching.ReservoirSize}/s then {matching.FixedRate:P0}) from {(File.Exists(settings.SamplingRulesPath) ? settings.SamplingRulesPath : "X-Ray's default")}, " +
            $"centralized rules through tcp {settings.Daemon.Tcp} when the daemon answers");
        return tracing;
    }

    private static Dictionary<string, object> ResourceOf(BaseProcessor<Activity>? processor) =>
        processor?.ParentProvider?.GetResource().Attributes.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
        ?? [];
}
