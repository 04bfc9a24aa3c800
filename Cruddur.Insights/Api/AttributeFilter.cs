using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Api;

/// <summary>"key=value" (exact value) or "key" alone (present with any value).</summary>
internal sealed record AttributeFilter(string Key, string? Value)
{
    public static bool TryParse(string? text, out AttributeFilter? filter)
    {
        filter = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var key = (equals < 0 ? text : text[..equals]).Trim();
        if (key.Length == 0)
        {
            return false;
        }
        filter = new AttributeFilter(key, equals < 0 ? null : text[(equals + 1)..].Trim());
        return true;
    }

    public bool Matches(TelemetryAttribute[] attributes)
    {
        foreach (var a in attributes)
        {
            if (a.Key == Key && (Value is null || a.Value == Value))
            {
                return true;
            }
        }
        return false;
    }
}
