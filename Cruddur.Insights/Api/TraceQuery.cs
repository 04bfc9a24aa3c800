using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Api;

/// <summary>Filters of the trace list; every one optional.</summary>
internal sealed record TraceQuery(
    string? Service,
    string? Name,
    double? MinDurationMs,
    double? MaxDurationMs,
    bool ErrorsOnly,
    AttributeFilter? Attribute,
    int Offset,
    int Limit)
{
    public bool Matches(TraceRecord trace)
    {
        if (ErrorsOnly && !trace.HasError)
        {
            return false;
        }
        var duration = trace.DurationMs;
        if (duration < MinDurationMs || duration > MaxDurationMs)
        {
            return false;
        }
        if (Service is not null && !trace.Services.Any(s => s.Service.Equals(Service, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        if (Name is not null && !trace.Spans.Any(s => s.Name.Contains(Name, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        return Attribute is null || HasAttribute(trace, Attribute);
    }

    private static bool HasAttribute(TraceRecord trace, AttributeFilter filter)
    {
        // Spans of one batch share one resource record: check each resource once, not once per span.
        ResourceRecord? checkedResource = null;
        foreach (var span in trace.Spans)
        {
            if (filter.Matches(span.Attributes))
            {
                return true;
            }
            if (!ReferenceEquals(span.Resource, checkedResource))
            {
                checkedResource = span.Resource;
                if (filter.Matches(span.Resource.Attributes))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
