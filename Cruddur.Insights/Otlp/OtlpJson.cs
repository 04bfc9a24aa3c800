using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Cruddur.Insights.Otlp;

/// <summary>OTLP/JSON: protobuf JSON mapping, except that trace and span ids are hex, not base64.</summary>
internal static class OtlpJson
{
    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal) { "traceId", "spanId", "parentSpanId" };
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Parse<T>(ReadOnlySpan<byte> utf8)
        where T : IMessage, new()
    {
        // System.Text.Json reads property names lazily and throws InvalidOperationException, not
        // JsonException, on invalid UTF-8 in them: refuse such bodies before parsing.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Invalid JSON: the body is not valid UTF-8.");
        }

        try
        {
            var root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            if (root is not JsonObject)
            {
                throw new OtlpPayloadException(OtlpRejection.Malformed, "JSON body must be an object.");
            }
            RewriteIds(root, ToBase64);
            return Parser.Parse<T>(root.ToJsonString());
        }
        catch (JsonException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Invalid JSON: " + e.Message);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Invalid OTLP JSON: " + e.Message);
        }
        catch (FormatException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Invalid OTLP JSON: " + e.Message);
        }
    }

    /// <summary>
    /// Rewrites every trace and span id: the protobuf JSON mapping has base64 bytes where OTLP/JSON has hex,
    /// so ids are turned to base64 before parsing and back to hex after formatting.
    /// </summary>
    internal static void RewriteIds(JsonNode node, Func<string, string> rewrite)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IdFields.Contains(name) && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        obj[name] = rewrite(text);
                    }
                    else if (value is not null)
                    {
                        RewriteIds(value, rewrite);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteIds(item, rewrite);
                    }
                }
                break;
        }
    }

    private static string ToBase64(string hex)
    {
        if (hex.Length == 0)
        {
            return hex;
        }
        if (hex.Length is not (16 or 32))
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, $"Id '{hex}' must be 16 or 32 hex characters.");
        }
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, $"Id '{hex}' is not hex.");
        }
    }
}
