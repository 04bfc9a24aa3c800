using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// Writes one log record as the JSON object a CloudWatch Logs event carries: searchable with
/// Logs Insights by trace id (W3C and X-Ray forms), level, category and the structured state.
/// </summary>
internal sealed class CloudWatchEventFormatter(string service)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] LevelNames = [.. Enum.GetNames<LogLevel>()];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static bool t_writing;

    public string Format(DateTimeOffset time, LogLevel level, string category, EventId eventId, string message,
        Exception? exception, IReadOnlyList<KeyValuePair<string, object?>>? state, IReadOnlyList<object?>? scopes, Activity? activity) =>
        Encoding.UTF8.GetString(FormatUtf8(time, level, category, eventId, message, exception, state, scopes, activity));

    /// <summary>The event's JSON as the UTF-8 bytes PutLogEvents carries, at most <see cref="CloudWatchLogBatch.MaxEventBytes"/>.</summary>
    public byte[] FormatUtf8(DateTimeOffset time, LogLevel level, string category, EventId eventId, string message,
        Exception? exception, IReadOnlyList<KeyValuePair<string, object?>>? state, IReadOnlyList<object?>? scopes, Activity? activity)
    {
        var record = new Record(time, level, category, eventId, message, exception?.ToString(), state, scopes, activity);
        var json = Write(record, truncateTo: null);
        var budget = CloudWatchLogBatch.MaxEventBytes / 2;
        while (json.Length > CloudWatchLogBatch.MaxEventBytes)
        {
            // Too big for one event: keep the identifying fields, cut the long text, drop state and scopes.
            json = Write(record, budget);
            budget /= 2;
        }

        return json;
    }

    public static string XRayTraceId(ActivityTraceId traceId)
    {
        var hex = traceId.ToHexString();
        return $"1-{hex[..8]}-{hex[8..]}";
    }

    private byte[] Write(Record record, int? truncateTo)
    {
        // One buffer and one writer per thread, reused: an event costs its bytes and nothing else.
        // A value's ToString that logs comes back here on the same thread: that event gets its own.
        if (t_writing)
        {
            var own = new ArrayBufferWriter<byte>(1024);
            using var ownWriter = new Utf8JsonWriter(own, WriterOptions);
            WriteRecord(ownWriter, record, truncateTo);
            return own.WrittenSpan.ToArray();
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        t_writing = true;
        try
        {
            WriteRecord(writer, record, truncateTo);
        }
        finally
        {
            t_writing = false;
        }

        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            // A huge event once should not pin its buffer to the thread for good.
            t_buffer = null;
            t_writer = null;
        }

        return json;
    }

    private void WriteRecord(Utf8JsonWriter writer, Record record, int? truncateTo)
    {
        writer.WriteStartObject();
        Span<char> time = stackalloc char[28];
        DateTime.SpecifyKind(record.Time.UtcDateTime, DateTimeKind.Utc).TryFormat(time, out var written, "O", CultureInfo.InvariantCulture);
        writer.WriteString("time", time[..written]);
        writer.WriteString("level", (uint)record.Level < (uint)LevelNames.Length ? LevelNames[(int)record.Level] : record.Level.ToString());
        writer.WriteString("category", record.Category);
        writer.WriteString("message", Cut(record.Message, truncateTo));
        if (record.Exception is { } exception)
        {
            writer.WriteString("exception", Cut(exception, truncateTo / 2));
        }

        if (record.Activity is { } activity)
        {
            writer.WriteString("trace_id", activity.TraceId.ToHexString());
            writer.WriteString("xray_trace_id", XRayTraceId(activity.TraceId));
            writer.WriteString("span_id", activity.SpanId.ToHexString());
        }

        writer.WriteString("service", service);
        writer.WriteNumber("event_id", record.EventId.Id);
        if (!string.IsNullOrEmpty(record.EventId.Name))
        {
            writer.WriteString("event_name", record.EventId.Name);
        }

        if (truncateTo is null)
        {
            WriteState(writer, record.State);
            WriteScopes(writer, record.Scopes);
        }
        else
        {
            writer.WriteBoolean("truncated", true);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteState(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>>? state)
    {
        if (state is null || state.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("state");
        foreach (var (key, value) in state)
        {
            writer.WritePropertyName(key == "{OriginalFormat}" ? "template" : key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteScopes(Utf8JsonWriter writer, IReadOnlyList<object?>? scopes)
    {
        if (scopes is null || scopes.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("scopes");
        foreach (var scope in scopes)
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                writer.WriteStartObject();
                foreach (var (key, value) in pairs)
                {
                    writer.WritePropertyName(key == "{OriginalFormat}" ? "template" : key);
                    WriteValue(writer, value);
                }

                writer.WriteEndObject();
            }
            else
            {
                WriteValue(writer, scope);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong unsigned:
                writer.WriteNumberValue(unsigned);
                break;
            case double or float or decimal:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment);
                break;
            case DateTime moment:
                writer.WriteStringValue(moment);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Cut(string text, int? maxBytes)
    {
        if (maxBytes is not { } limit || Encoding.UTF8.GetByteCount(text) <= limit)
        {
            return text;
        }

        var length = Math.Min(text.Length, limit);
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > limit)
        {
            length = length * 3 / 4;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length] + "…[truncated]";
    }

    private sealed record Record(DateTimeOffset Time, LogLevel Level, string Category, EventId EventId, string Message,
        string? Exception, IReadOnlyList<KeyValuePair<string, object?>>? State, IReadOnlyList<object?>? Scopes, Activity? Activity);
}
