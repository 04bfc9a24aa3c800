using System.Text.RegularExpressions;
using Cruddur.Insights.Storage;
using Cruddur.ServiceDefaults.CloudWatch;
using Cruddur.ServiceDefaults.Honeycomb;
using Cruddur.ServiceDefaults.Rollbar;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// Links from a trace to the same trace elsewhere: the Aspire dashboard's trace page, Honeycomb (team and environment from the same <c>/1/auth</c>
/// check the services run; the key itself is never shown), the X-Ray console (region from <c>AWS_REGION</c>,
/// else <c>AWS_DEFAULT_REGION</c>), and the Rollbar items the trace produced (<c>rollbar.item.uuid</c> on its spans).
/// </summary>
internal sealed partial class TraceLinks(HoneycombAccount honeycomb, IConfiguration configuration, IOptions<InsightsOptions> options,
    HoneycombSettings? honeycombSettings = null)
{
    public TraceLinkSet For(TraceRecord trace)
    {
        var dashboard = options.Value.Dashboard.TraceUrl(trace.TraceId);
        var (honeycombUrl, honeycombNote) = Honeycomb(trace);
        var (xRayUrl, xRayNote) = XRay(trace);
        return new TraceLinkSet(trace.TraceId, XRayId(trace.TraceId), dashboard, dashboard is null ? $"{InsightsOptions.Section}:Dashboard:Url is not set." : null,
            honeycombUrl, honeycombNote, xRayUrl, xRayNote, RollbarItems(trace));
    }

    /// <summary>X-Ray writes the same 128-bit id as 1-{first 8 hex}-{remaining 24 hex}.</summary>
    public static string XRayId(string traceId) => traceId.Length == 32 ? $"1-{traceId[..8]}-{traceId[8..]}" : traceId;

    private (string? Url, string? Note) Honeycomb(TraceRecord trace)
    {
        if (honeycombSettings is null)
        {
            return (null, $"{HoneycombExtensions.ApiKeySetting} is not set for Insights.");
        }
        if (honeycomb.TraceLink(trace.TraceId) is not { } link)
        {
            return (null, "Waiting for Honeycomb's key check (or the key was rejected: see Insights' log).");
        }
        // A time range lets Honeycomb find traces older than its default two hours.
        var start = (trace.StartNanos / 1_000_000_000) - 60;
        var end = (trace.EndNanos / 1_000_000_000) + 60;
        return ($"{link.AbsoluteUri}&trace_start_ts={start}&trace_end_ts={end}", null);
    }

    private (string? Url, string? Note) XRay(TraceRecord trace)
    {
        var region = new[] { configuration[AwsEnvironment.RegionSetting], configuration[AwsEnvironment.DefaultRegionSetting] }
            .Select(r => r?.Trim())
            .FirstOrDefault(r => !string.IsNullOrEmpty(r));
        if (region is null)
        {
            return (null, $"{AwsEnvironment.RegionSetting} is not set for Insights.");
        }
        if (!RegionName().IsMatch(region))
        {
            return (null, $"{AwsEnvironment.RegionSetting} '{region}' is not a region name.");
        }
        var id = XRayId(trace.TraceId);
        return ($"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#xray:traces/{id}", null);
    }

    private static RollbarItemLink[] RollbarItems(TraceRecord trace)
    {
        var uuids = new List<(string Uuid, string Service)>();
        foreach (var span in trace.Spans)
        {
            var found = span.Attributes.Concat(span.Events.Where(e => e.Name == RollbarItemBuilder.ItemEventName).SelectMany(e => e.Attributes))
                .Where(a => a.Key == RollbarItemBuilder.ItemUuidAttribute && Guid.TryParse(a.Value, out _))
                .Select(a => (a.Value.ToLowerInvariant(), span.Resource.ServiceName));
            uuids.AddRange(found);
        }
        return [.. uuids.DistinctBy(u => u.Uuid).Select(u => new RollbarItemLink(u.Uuid, u.Service, $"https://rollbar.com/item/uuid/?uuid={u.Uuid}"))];
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionName();
}
