using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// The idea of Honeycomb's BubbleUp: for every attribute value, the share of selected requests that carry it
/// against the share of the other requests; the values most over-represented in the selection come first.
/// </summary>
internal static class AttributeComparison
{
    public const int MaxResults = 50;

    public static AttributeDifference[] Compare(IReadOnlyList<SpanRecord> selected, IReadOnlyList<SpanRecord> baseline)
    {
        if (selected.Count == 0)
        {
            return [];
        }
        var inSelection = Count(selected);
        var inBaseline = Count(baseline);
        return [.. inSelection
            .Select(pair =>
            {
                var selectedPercent = 100d * pair.Value / selected.Count;
                var baselinePercent = baseline.Count == 0 ? 0 : 100d * inBaseline.GetValueOrDefault(pair.Key) / baseline.Count;
                return new AttributeDifference(pair.Key.Key, pair.Key.Value, pair.Value, selectedPercent, baselinePercent, selectedPercent - baselinePercent);
            })
            .Where(d => d.DifferencePercent > 0)
            .OrderByDescending(d => d.DifferencePercent)
            .ThenByDescending(d => d.SelectedCount)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .ThenBy(d => d.Value, StringComparer.Ordinal)
            .Take(MaxResults)];
    }

    /// <summary>How many spans carry each key=value, counting span and resource attributes (not the service name).</summary>
    private static Dictionary<TelemetryAttribute, int> Count(IReadOnlyList<SpanRecord> spans)
    {
        var counts = new Dictionary<TelemetryAttribute, int>();
        var seen = new HashSet<TelemetryAttribute>();
        foreach (var span in spans)
        {
            seen.Clear();
            foreach (var attribute in span.Attributes)
            {
                seen.Add(attribute);
            }
            foreach (var attribute in span.Resource.Attributes)
            {
                if (attribute.Key != "service.name")
                {
                    seen.Add(attribute);
                }
            }
            foreach (var attribute in seen)
            {
                counts[attribute] = counts.GetValueOrDefault(attribute) + 1;
            }
        }
        return counts;
    }
}
