using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cruddur.Insights.XRay;

/// <summary>
/// What PutTraceSegments would refuse in one document, by the segment document rules: size,
/// ids, trace id age, name, times, subsegment fields, annotations and reserved metadata keys.
/// </summary>
internal static class SegmentDocumentCheck
{
    public const int MaxDocumentBytes = 64 * 1024;
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MaxTraceAge = TimeSpan.FromDays(30);

    public static IReadOnlyList<SegmentIssue> Check(string document, DateTimeOffset now)
    {
        var issues = new List<SegmentIssue>();
        var bytes = Encoding.UTF8.GetByteCount(document);
        if (bytes > MaxDocumentBytes)
        {
            issues.Add(new("document_too_large", $"{bytes} bytes; a document must fit in one 64 KB datagram."));
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document);
        }
        catch (JsonException exception)
        {
            issues.Add(new("not_json", "Not a JSON document: " + exception.Message));
            return issues;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new("not_json", "A segment document is a JSON object."));
                return issues;
            }

            CheckName(root, issues);
            CheckId(root, "id", "id", required: true, issues);
            CheckTraceId(root, now, issues);
            CheckTimes(root, issues);
            var subsegment = root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "subsegment";
            CheckId(root, "parent_id", "parent_id", required: subsegment, issues);
            CheckAnnotations(root, issues);
            CheckMetadata(root, issues);
        }

        return issues;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength
        && name.All(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || "_.:/%&#=+\\-@".Contains(c, StringComparison.Ordinal));

    /// <summary><c>1-</c> + 8 hex epoch seconds + <c>-</c> + 24 hex.</summary>
    public static bool IsValidTraceId(string traceId) =>
        traceId.Length == 35 && traceId.StartsWith("1-", StringComparison.Ordinal) && traceId[10] == '-'
        && IsHex(traceId.AsSpan(2, 8)) && IsHex(traceId.AsSpan(11));

    private static void CheckName(JsonElement root, List<SegmentIssue> issues)
    {
        if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            issues.Add(new("name_missing", "name is required (a string)."));
        }
        else if (!IsValidName(name.GetString()!))
        {
            issues.Add(new("name_invalid", $"name must be 1-{MaxNameLength} letters, digits, whitespace or _ . : / % & # = + \\ - @."));
        }
    }

    private static void CheckId(JsonElement root, string property, string code, bool required, List<SegmentIssue> issues)
    {
        if (!root.TryGetProperty(property, out var id))
        {
            if (required)
            {
                issues.Add(new($"{code}_missing", property == "id" ? "id is required." : "A subsegment sent on its own needs parent_id."));
            }

            return;
        }

        if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: 16 } text || !IsHex(text))
        {
            issues.Add(new($"{code}_invalid", $"{property} must be 16 hexadecimal digits."));
        }
    }

    private static void CheckTraceId(JsonElement root, DateTimeOffset now, List<SegmentIssue> issues)
    {
        if (!root.TryGetProperty("trace_id", out var traceId) || traceId.ValueKind != JsonValueKind.String)
        {
            issues.Add(new("trace_id_missing", "trace_id is required."));
            return;
        }

        var text = traceId.GetString()!;
        if (!IsValidTraceId(text))
        {
            issues.Add(new("trace_id_invalid", "trace_id must be 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx (8 hex epoch seconds, then 24 hex)."));
            return;
        }

        var seconds = long.Parse(text.AsSpan(2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var started = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (now - started > MaxTraceAge)
        {
            issues.Add(new("trace_id_too_old", $"The trace id's time ({started:yyyy-MM-dd HH:mm:ss}Z) is more than 30 days old."));
        }
    }

    private static void CheckTimes(JsonElement root, List<SegmentIssue> issues)
    {
        var hasStart = root.TryGetProperty("start_time", out var start) && start.ValueKind == JsonValueKind.Number;
        if (!hasStart)
        {
            issues.Add(new("start_time_missing", "start_time is required (epoch seconds, a number)."));
        }

        var hasEnd = root.TryGetProperty("end_time", out var end);
        var inProgress = root.TryGetProperty("in_progress", out var progress) && progress.ValueKind == JsonValueKind.True;
        if (hasEnd && end.ValueKind != JsonValueKind.Number)
        {
            issues.Add(new("end_time_invalid", "end_time must be a number (epoch seconds)."));
        }
        else if (hasEnd && inProgress)
        {
            issues.Add(new("in_progress_with_end_time", "in_progress: true replaces end_time; send one or the other."));
        }
        else if (!hasEnd && !inProgress)
        {
            issues.Add(new("end_time_missing", "end_time is required unless in_progress is true."));
        }
        else if (hasEnd && hasStart && end.GetDouble() < start.GetDouble())
        {
            issues.Add(new("end_before_start", "end_time is earlier than start_time."));
        }
    }

    private static void CheckAnnotations(JsonElement root, List<SegmentIssue> issues)
    {
        if (!root.TryGetProperty("annotations", out var annotations))
        {
            return;
        }

        if (annotations.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new("annotations_invalid", "annotations must be an object."));
            return;
        }

        foreach (var annotation in annotations.EnumerateObject())
        {
            if (annotation.Name.Length == 0 || !annotation.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                issues.Add(new("annotation_key_invalid", $"Annotation key '{annotation.Name}' may hold only letters, digits and _."));
            }

            if (annotation.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                issues.Add(new("annotation_value_invalid", $"Annotation '{annotation.Name}' must be a string, number or boolean."));
            }
        }
    }

    private static void CheckMetadata(JsonElement root, List<SegmentIssue> issues)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var reserved in metadata.EnumerateObject().Where(m => m.Name.StartsWith("AWS.", StringComparison.Ordinal)))
        {
            issues.Add(new("metadata_reserved_key", $"Metadata namespace '{reserved.Name}' is reserved (keys starting AWS.)."));
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }
}
