using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Cruddur.ServiceDefaults.Http;
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
public sealed class XRaySampler : Sampler
{
    private readonly SamplingRules _rules;
    private readonly string _serviceName;
    private readonly Lazy<string> _serviceType;
    private readonly IHttpContextAccessor? _requests;

    public XRaySampler(SamplingRules rules, string serviceName, string serviceType, IHttpContextAccessor? requests = null)
        : this(rules, serviceName, () => serviceType, requests)
    {
    }

    /// <param name="serviceType">Read on first use: it comes from the tracer provider's resource, built after the sampler.</param>
    public XRaySampler(SamplingRules rules, string serviceName, Func<string> serviceType, IHttpContextAccessor? requests = null)
    {
        _rules = rules;
        _serviceName = serviceName;
        _serviceType = new Lazy<string>(serviceType);
        _requests = requests;
    }

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

        var http = _requests?.HttpContext?.Request;
        if (IsProbe(samplingParameters, http))
        {
            // Health probes never reach X-Ray, so they must not spend the rule's reservoir either.
            return new SamplingResult(SamplingDecision.RecordAndSample, XRayDecision.With(parent.TraceState, false));
        }

        var request = new SamplingRequest(
            _serviceName,
            _serviceType.Value,
            Tag(samplingParameters, "server.address") is { Length: > 0 } host ? host : http?.Host.Host ?? string.Empty,
            Tag(samplingParameters, "http.request.method") is { Length: > 0 } method ? method : http?.Method ?? string.Empty,
            Tag(samplingParameters, "url.path") is { Length: > 0 } path ? path : http?.Path.Value ?? string.Empty);
        var sampled = _rules.ShouldSample(request);
        return new SamplingResult(SamplingDecision.RecordAndSample, XRayDecision.With(parent.TraceState, sampled));
    }

    private static bool IsProbe(in SamplingParameters parameters, HttpRequest? http)
    {
        if (parameters.Kind == ActivityKind.Server)
        {
            var path = Tag(parameters, "url.path") is { Length: > 0 } tagged ? tagged : http?.Path.Value;
            return path is not null && HealthProbes.IsProbe(new PathString(path));
        }

        // A service's own probe calls (the gateway's active health checks), when the URL is known at start.
        return parameters.Kind == ActivityKind.Client && parameters.ParentContext.TraceId == default
            && Uri.TryCreate(Tag(parameters, "url.full"), UriKind.Absolute, out var url) && HealthProbes.IsProbe(url);
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
