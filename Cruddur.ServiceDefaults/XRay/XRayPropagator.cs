using System.Diagnostics;
using System.Net;
using System.Text;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// W3C trace context plus <c>X-Amzn-Trace-Id</c>. ASP.NET Core hosting extracts with it and
/// HttpClient injects with it, so a call from or to an X-Ray-instrumented service joins the
/// same trace. traceparent wins when both arrive; the X-Ray header is the fallback.
/// </summary>
public sealed class XRayPropagator : DistributedContextPropagator
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";
    public const string BaggageHeader = "baggage";

    private static readonly string[] AllFields = [TraceParentHeader, TraceStateHeader, BaggageHeader, XRayTraceHeader.HeaderName];

    // Reverse proxies (YARP) remove these from forwarded requests before injecting their own.
    public override IReadOnlyCollection<string> Fields => AllFields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (activity is null || setter is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null)
        {
            return;
        }

        setter(carrier, TraceParentHeader, activity.Id);
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            setter(carrier, TraceStateHeader, activity.TraceStateString);
        }

        var header = new XRayTraceHeader(activity.TraceId, activity.SpanId, XRayDecision.Read(activity.TraceStateString), []);
        setter(carrier, XRayTraceHeader.HeaderName, header.ToString());

        var baggage = new StringBuilder();
        foreach (var (key, value) in activity.Baggage)
        {
            baggage.Append(baggage.Length == 0 ? "" : ",")
                .Append(WebUtility.UrlEncode(key)).Append('=').Append(WebUtility.UrlEncode(value ?? string.Empty));
        }

        if (baggage.Length > 0)
        {
            setter(carrier, BaggageHeader, baggage.ToString());
        }
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
        if (getter is null)
        {
            return;
        }

        var traceParent = Read(carrier, getter, TraceParentHeader);
        var amzn = XRayTraceHeader.TryParse(Read(carrier, getter, XRayTraceHeader.HeaderName), out var header) ? header : null;
        if (traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context))
        {
            traceId = traceParent;
            traceState = Read(carrier, getter, TraceStateHeader);
            // An X-Ray caller that also speaks W3C may carry its decision only in X-Amzn-Trace-Id.
            if (amzn is not null && amzn.TraceId == context.TraceId && XRayDecision.Read(traceState) == XRaySampling.Absent
                && amzn.Sampled is XRaySampling.Sampled or XRaySampling.NotSampled)
            {
                traceState = XRayDecision.With(traceState, amzn.Sampled == XRaySampling.Sampled);
            }

            return;
        }

        if (amzn is null)
        {
            return;
        }

        // Root without Parent: join that trace as its root segment (see ImplicitRootParent).
        var parent = amzn.Parent ?? XRayTraceIds.ImplicitRootParent(amzn.TraceId);
        // Recorded for the OpenTelemetry sinks either way; the X-Ray decision travels in tracestate.
        traceId = $"00-{amzn.TraceId.ToHexString()}-{parent.ToHexString()}-01";
        traceState = amzn.Sampled switch
        {
            XRaySampling.Sampled => XRayDecision.With(null, true),
            XRaySampling.NotSampled => XRayDecision.With(null, false),
            _ => null,
        };
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter)
    {
        var value = getter is null ? null : Read(carrier, getter, BaggageHeader);
        if (value is null)
        {
            return null;
        }

        var items = new List<KeyValuePair<string, string?>>();
        foreach (var member in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = member.Split(';', 2)[0];
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                items.Add(new(WebUtility.UrlDecode(pair[..equals].Trim()), WebUtility.UrlDecode(pair[(equals + 1)..].Trim())));
            }
        }

        return items.Count == 0 ? null : items;
    }

    private static string? Read(object? carrier, PropagatorGetterCallback getter, string field)
    {
        getter(carrier, field, out var value, out var values);
        if (string.IsNullOrWhiteSpace(value) && values is not null)
        {
            value = string.Join(',', values);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
