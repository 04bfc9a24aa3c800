using Cruddur.Dashboard.Storage;

namespace Cruddur.Dashboard.Api;

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
        return Attribute is null || trace.Spans.Any(s => Attribute.Matches(s.Attributes) || Attribute.Matches(s.Resource.Attributes));
    }
}
