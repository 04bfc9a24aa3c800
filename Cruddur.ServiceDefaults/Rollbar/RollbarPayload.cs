using System.Text;
using System.Text.Json.Nodes;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>The item POST body <c>{"data": …}</c>, kept under Rollbar's 512 KB by cutting frames, then strings.</summary>
internal static class RollbarPayload
{
    public const int MaxBytes = 512 * 1024;

    // Room for the envelope and the "[truncated]" marks.
    private const int Budget = MaxBytes - 4 * 1024;

    public static byte[] Serialize(JsonObject data)
    {
        var bytes = Bytes(data);
        if (bytes.Length <= Budget)
        {
            return bytes;
        }

        data = (JsonObject)data.DeepClone();
        foreach (var trace in Traces(data))
        {
            if (trace["frames"] is JsonArray { Count: > 20 } frames)
            {
                // The outermost and the innermost frames tell the story; the middle is recursion or plumbing.
                var kept = frames.Take(10).Concat(frames.TakeLast(10)).Select(frame => frame!.DeepClone()).ToArray();
                trace["frames"] = new JsonArray(kept);
            }
        }

        foreach (var limit in new[] { 16 * 1024, 1024, 256 })
        {
            bytes = Bytes(data);
            if (bytes.Length <= Budget)
            {
                return bytes;
            }

            CutStrings(data, limit);
        }

        bytes = Bytes(data);
        if (bytes.Length <= Budget)
        {
            return bytes;
        }

        // Still too big (a huge number of fields): keep what identifies the item.
        var minimal = new JsonObject();
        foreach (var name in new[] { "environment", "level", "timestamp", "title", "uuid", "custom", "notifier", "code_version" })
        {
            if (data[name] is { } value)
            {
                minimal[name] = value.DeepClone();
            }
        }

        minimal["body"] = new JsonObject { ["message"] = new JsonObject { ["body"] = "[item truncated: over 512 KB]" } };
        return Bytes(minimal);
    }

    private static IEnumerable<JsonObject> Traces(JsonObject data)
    {
        if (data["body"]?["trace"] is JsonObject trace)
        {
            yield return trace;
        }

        if (data["body"]?["trace_chain"] is JsonArray chain)
        {
            foreach (var link in chain.OfType<JsonObject>())
            {
                yield return link;
            }
        }
    }

    private static void CutStrings(JsonNode? node, int limit)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(pair => pair.Key).ToList())
                {
                    if (obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > limit)
                    {
                        obj[name] = text[..limit] + "…[truncated]";
                    }
                    else
                    {
                        CutStrings(obj[name], limit);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > limit)
                    {
                        array[i] = text[..limit] + "…[truncated]";
                    }
                    else
                    {
                        CutStrings(array[i], limit);
                    }
                }

                break;
        }
    }

    private static byte[] Bytes(JsonObject data) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["data"] = data.DeepClone() }.ToJsonString());
}
