using System.Text.Json.Nodes;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>Masks secrets (by field name, case-insensitive) in headers, query, form and JSON at any depth.</summary>
internal sealed class RollbarScrubber(IEnumerable<string> fields)
{
    public const string Mask = "***";

    private readonly HashSet<string> _fields = new(fields, StringComparer.OrdinalIgnoreCase);

    public bool IsSecret(string name) => _fields.Contains(name);

    public string Value(string name, string value) => IsSecret(name) ? Mask : value;

    /// <summary>Returns a scrubbed copy of a JSON value.</summary>
    public JsonNode? Json(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    copy[name] = IsSecret(name) ? Mask : Json(value);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Json(item));
                }

                return items;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>A query string (without '?') with secret values masked.</summary>
    public string QueryString(string query) =>
        string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var separator = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((separator < 0 ? pair : pair[..separator]).Replace('+', ' '));
            return IsSecret(name) ? $"{pair[..(separator < 0 ? pair.Length : separator)]}={Mask}" : pair;
        }));
}
