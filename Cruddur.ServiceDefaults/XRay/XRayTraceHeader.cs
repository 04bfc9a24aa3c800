using System.Diagnostics;
using System.Text;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// The <c>X-Amzn-Trace-Id</c> header: <c>Root=1-…;Parent=…;Sampled=1</c>. Keys other than
/// Root, Parent and Sampled (such as Lineage) are kept in order but not interpreted.
/// </summary>
public sealed record XRayTraceHeader(
    ActivityTraceId TraceId,
    ActivitySpanId? Parent,
    XRaySampling Sampled,
    IReadOnlyList<KeyValuePair<string, string>> Extra)
{
    public const string HeaderName = "X-Amzn-Trace-Id";

    public static bool TryParse(string? value, out XRayTraceHeader header)
    {
        header = null!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        ActivityTraceId? root = null;
        ActivitySpanId? parent = null;
        var sampled = XRaySampling.Absent;
        var extra = new List<KeyValuePair<string, string>>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var key = part[..equals].Trim();
            var item = part[(equals + 1)..].Trim();
            switch (key)
            {
                case "Root":
                    if (root is not null || !XRayTraceIds.TryParseXRayId(item, out var traceId))
                    {
                        return false;
                    }

                    root = traceId;
                    break;
                case "Parent":
                    if (parent is not null || item.Length != 16 || !XRayTraceIds.IsLowerOrUpperHex(item) || item.All(c => c == '0'))
                    {
                        return false;
                    }

                    parent = ActivitySpanId.CreateFromString(item.ToLowerInvariant());
                    break;
                case "Sampled":
                    sampled = item switch
                    {
                        "1" => XRaySampling.Sampled,
                        "0" => XRaySampling.NotSampled,
                        "?" => XRaySampling.Requested,
                        _ => XRaySampling.Absent,
                    };
                    break;
                default:
                    extra.Add(new(key, item));
                    break;
            }
        }

        if (root is null)
        {
            return false;
        }

        header = new XRayTraceHeader(root.Value, parent, sampled, extra);
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder("Root=").Append(XRayTraceIds.ToXRayId(TraceId));
        if (Parent is { } parent)
        {
            text.Append(";Parent=").Append(parent.ToHexString());
        }

        var sampled = Sampled switch
        {
            XRaySampling.Sampled => "1",
            XRaySampling.NotSampled => "0",
            XRaySampling.Requested => "?",
            _ => null,
        };
        if (sampled is not null)
        {
            text.Append(";Sampled=").Append(sampled);
        }

        foreach (var (key, item) in Extra)
        {
            text.Append(';').Append(key).Append('=').Append(item);
        }

        return text.ToString();
    }
}

/// <summary>The <c>Sampled</c> part of the header: absent, <c>1</c>, <c>0</c> or <c>?</c> (undecided).</summary>
public enum XRaySampling
{
    Absent,
    Sampled,
    NotSampled,
    Requested,
}
