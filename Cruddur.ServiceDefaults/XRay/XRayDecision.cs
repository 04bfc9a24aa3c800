namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// The X-Ray sampling decision, made once at the root and carried in the W3C tracestate as
/// <c>xray=1</c> or <c>xray=0</c>: children inherit it in-process and traceparent/tracestate
/// carry it across HTTP, while every trace is still recorded for the other sinks.
/// </summary>
public static class XRayDecision
{
    public const string TraceStateKey = "xray";

    public static XRaySampling Read(string? traceState)
    {
        if (string.IsNullOrEmpty(traceState))
        {
            return XRaySampling.Absent;
        }

        foreach (var member in traceState.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = member.IndexOf('=');
            if (equals > 0 && member.AsSpan(0, equals).SequenceEqual(TraceStateKey))
            {
                return member.AsSpan(equals + 1) switch
                {
                    "1" => XRaySampling.Sampled,
                    "0" => XRaySampling.NotSampled,
                    _ => XRaySampling.Absent,
                };
            }
        }

        return XRaySampling.Absent;
    }

    /// <summary>Puts the decision first (W3C: an updated member moves to the front) and drops any older one.</summary>
    public static string With(string? traceState, bool sampled)
    {
        var entry = $"{TraceStateKey}={(sampled ? "1" : "0")}";
        if (string.IsNullOrEmpty(traceState))
        {
            return entry;
        }

        var others = traceState.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(member => !member.StartsWith(TraceStateKey + "=", StringComparison.Ordinal))
            .Take(31);
        return string.Join(',', others.Prepend(entry));
    }
}
