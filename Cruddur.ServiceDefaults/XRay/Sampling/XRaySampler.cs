using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Cruddur.ServiceDefaults.Telemetry;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// Records every span the parent would record (so OTLP and Honeycomb get all traces) and, at
/// the root of a trace, adds the X-Ray decision to tracestate; spans below inherit it, so X-Ray
/// gets whole traces or nothing.
/// </summary>
/// <remarks>
/// ASP.NET Core passes no tags when it creates its server activity, so for a request the
/// host, method and path come from the current HttpContext when an accessor is given.
/// </remarks>
public sealed class XRaySampler(SamplingRules rules, string serviceName, string serviceType,
    IHttpContextAccessor? requests = null) : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        var hasParent = parent.TraceId != default && parent.SpanId != default;
        if (hasParent && (parent.TraceFlags & ActivityTraceFlags.Recorded) == 0)
        {
            return new SamplingResult(SamplingDecision.Drop);
        }

        if (hasParent && XRayDecision.Read(parent.TraceState) != XRaySampling.Absent)
        {
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }

        var http = requests?.HttpContext?.Request;
        if (IsProbe(samplingParameters, http))
        {
            // Health probes never reach X-Ray, so they must not spend the rule's reservoir either.
            return new SamplingResult(SamplingDecision.RecordAndSample, XRayDecision.With(parent.TraceState, false));
        }

        var request = new SamplingRequest(
            serviceName,
            serviceType,
            Tag(samplingParameters, "server.address") is { Length: > 0 } host ? host : http?.Host.Host ?? string.Empty,
            Tag(samplingParameters, "http.request.method") is { Length: > 0 } method ? method : http?.Method ?? string.Empty,
            Tag(samplingParameters, "url.path") is { Length: > 0 } path ? path : http?.Path.Value ?? string.Empty);
        var sampled = rules.ShouldSample(request);
        return new SamplingResult(SamplingDecision.RecordAndSample, XRayDecision.With(parent.TraceState, sampled));
    }

    private static bool IsProbe(in SamplingParameters parameters, HttpRequest? http)
    {
        if (parameters.Kind == ActivityKind.Server)
        {
            var path = Tag(parameters, "url.path") is { Length: > 0 } tagged ? tagged : http?.Path.Value;
            return path is not null && RequestTelemetryMiddleware.IsProbe(new PathString(path));
        }

        // A service's own probe calls (the gateway's active health checks), when the URL is known at start.
        return parameters.Kind == ActivityKind.Client && parameters.ParentContext.TraceId == default
            && ProbeSpanFilter.IsProbeUrl(Tag(parameters, "url.full"));
    }

    private static string Tag(in SamplingParameters parameters, string key)
    {
        if (parameters.Tags is null)
        {
            return string.Empty;
        }

        foreach (var (name, value) in parameters.Tags)
        {
            if (name == key)
            {
                return value?.ToString() ?? string.Empty;
            }
        }

        return string.Empty;
    }
}
