using System.Buffers.Text;
using System.Text.Json;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Common;
using Cruddur.Insights.Otlp.Proto.Trace;
using Google.Protobuf;
using Google.Protobuf.Collections;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Insights.Feed;

/// <summary>
/// One line of the dashboard's span stream, OTLP/JSON, read straight into an <see cref="ExportTraceServiceRequest"/>:
/// what <see cref="OtlpJson"/> gives for the same text, at a fraction of its cost (it builds a JSON tree, writes it
/// out again and parses that). Every line repeats its service's resource; a resource seen before is not parsed
/// again, and lines of one service share one <see cref="ProtoResource"/> instance.
/// Not thread-safe: one per feed.
/// </summary>
internal sealed class DashboardSpanJson
{
    private const int MaxResources = 64;
    private readonly List<(byte[] Json, ProtoResource Resource)> _resources = [];

    public ExportTraceServiceRequest Parse(ReadOnlySpan<byte> line)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            throw Malformed("the line is not valid UTF-8");
        }
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            Next(ref reader);
            Expect(ref reader, JsonTokenType.StartObject);
            var request = new ExportTraceServiceRequest();
            while (NextProperty(ref reader))
            {
                if (Named(ref reader, "resourceSpans"u8, "resource_spans"u8))
                {
                    while (NextItem(ref reader))
                    {
                        request.ResourceSpans.Add(ReadResourceSpans(ref reader, line));
                    }
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
            if (reader.Read())
            {
                throw Malformed("more than one JSON value on the line");
            }
            return request;
        }
        catch (JsonException e)
        {
            throw Malformed("invalid JSON: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw Malformed(e.Message);
        }
        catch (FormatException e)
        {
            throw Malformed(e.Message);
        }
    }

    private ResourceSpans ReadResourceSpans(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var resourceSpans = new ResourceSpans();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "resource"u8, "resource"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    resourceSpans.Resource = Resource(ref reader, line);
                }
            }
            else if (Named(ref reader, "scopeSpans"u8, "scope_spans"u8))
            {
                while (NextItem(ref reader))
                {
                    resourceSpans.ScopeSpans.Add(ReadScopeSpans(ref reader));
                }
            }
            else if (Named(ref reader, "schemaUrl"u8, "schema_url"u8))
            {
                resourceSpans.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return resourceSpans;
    }

    /// <summary>The resource at the reader: the one parsed before from the same text, or a new one.</summary>
    private ProtoResource Resource(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var json = line[start..(int)reader.BytesConsumed];
        foreach (var (known, resource) in _resources)
        {
            if (json.SequenceEqual(known))
            {
                return resource;
            }
        }

        var own = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 62 });
        Next(ref own);
        var parsed = new ProtoResource();
        while (NextProperty(ref own))
        {
            if (Named(ref own, "attributes"u8, "attributes"u8))
            {
                ReadAttributes(ref own, parsed.Attributes);
            }
            else if (Named(ref own, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                parsed.DroppedAttributesCount = ReadUInt32(ref own);
            }
            else
            {
                SkipValue(ref own);
            }
        }
        if (_resources.Count >= MaxResources)
        {
            _resources.Clear();
        }
        _resources.Add((json.ToArray(), parsed));
        return parsed;
    }

    private static ScopeSpans ReadScopeSpans(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var scopeSpans = new ScopeSpans();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "scope"u8, "scope"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    scopeSpans.Scope = ReadScope(ref reader);
                }
            }
            else if (Named(ref reader, "spans"u8, "spans"u8))
            {
                while (NextItem(ref reader))
                {
                    scopeSpans.Spans.Add(ReadSpan(ref reader));
                }
            }
            else if (Named(ref reader, "schemaUrl"u8, "schema_url"u8))
            {
                scopeSpans.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return scopeSpans;
    }

    private static InstrumentationScope ReadScope(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var scope = new InstrumentationScope();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "name"u8, "name"u8))
            {
                scope.Name = ReadString(ref reader);
            }
            else if (Named(ref reader, "version"u8, "version"u8))
            {
                scope.Version = ReadString(ref reader);
            }
            else if (Named(ref reader, "attributes"u8, "attributes"u8))
            {
                ReadAttributes(ref reader, scope.Attributes);
            }
            else if (Named(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                scope.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return scope;
    }

    private static Span ReadSpan(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var span = new Span();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "traceId"u8, "trace_id"u8))
            {
                span.TraceId = ReadId(ref reader);
            }
            else if (Named(ref reader, "spanId"u8, "span_id"u8))
            {
                span.SpanId = ReadId(ref reader);
            }
            else if (Named(ref reader, "parentSpanId"u8, "parent_span_id"u8))
            {
                span.ParentSpanId = ReadId(ref reader);
            }
            else if (Named(ref reader, "traceState"u8, "trace_state"u8))
            {
                span.TraceState = ReadString(ref reader);
            }
            else if (Named(ref reader, "flags"u8, "flags"u8))
            {
                span.Flags = ReadUInt32(ref reader);
            }
            else if (Named(ref reader, "name"u8, "name"u8))
            {
                span.Name = ReadString(ref reader);
            }
            else if (Named(ref reader, "kind"u8, "kind"u8))
            {
                span.Kind = (Span.Types.SpanKind)ReadEnum(ref reader, KindNames);
            }
            else if (Named(ref reader, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                span.StartTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Named(ref reader, "endTimeUnixNano"u8, "end_time_unix_nano"u8))
            {
                span.EndTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Named(ref reader, "attributes"u8, "attributes"u8))
            {
                ReadAttributes(ref reader, span.Attributes);
            }
            else if (Named(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                span.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else if (Named(ref reader, "events"u8, "events"u8))
            {
                while (NextItem(ref reader))
                {
                    span.Events.Add(ReadEvent(ref reader));
                }
            }
            else if (Named(ref reader, "droppedEventsCount"u8, "dropped_events_count"u8))
            {
                span.DroppedEventsCount = ReadUInt32(ref reader);
            }
            else if (Named(ref reader, "links"u8, "links"u8))
            {
                while (NextItem(ref reader))
                {
                    span.Links.Add(ReadLink(ref reader));
                }
            }
            else if (Named(ref reader, "droppedLinksCount"u8, "dropped_links_count"u8))
            {
                span.DroppedLinksCount = ReadUInt32(ref reader);
            }
            else if (Named(ref reader, "status"u8, "status"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    span.Status = ReadStatus(ref reader);
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return span;
    }

    private static Span.Types.Event ReadEvent(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var spanEvent = new Span.Types.Event();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                spanEvent.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Named(ref reader, "name"u8, "name"u8))
            {
                spanEvent.Name = ReadString(ref reader);
            }
            else if (Named(ref reader, "attributes"u8, "attributes"u8))
            {
                ReadAttributes(ref reader, spanEvent.Attributes);
            }
            else if (Named(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                spanEvent.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return spanEvent;
    }

    private static Span.Types.Link ReadLink(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var link = new Span.Types.Link();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "traceId"u8, "trace_id"u8))
            {
                link.TraceId = ReadId(ref reader);
            }
            else if (Named(ref reader, "spanId"u8, "span_id"u8))
            {
                link.SpanId = ReadId(ref reader);
            }
            else if (Named(ref reader, "traceState"u8, "trace_state"u8))
            {
                link.TraceState = ReadString(ref reader);
            }
            else if (Named(ref reader, "attributes"u8, "attributes"u8))
            {
                ReadAttributes(ref reader, link.Attributes);
            }
            else if (Named(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                link.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else if (Named(ref reader, "flags"u8, "flags"u8))
            {
                link.Flags = ReadUInt32(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return link;
    }

    private static Status ReadStatus(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var status = new Status();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "message"u8, "message"u8))
            {
                status.Message = ReadString(ref reader);
            }
            else if (Named(ref reader, "code"u8, "code"u8))
            {
                status.Code = (Status.Types.StatusCode)ReadEnum(ref reader, StatusNames);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return status;
    }

    private static void ReadAttributes(ref Utf8JsonReader reader, RepeatedField<KeyValue> attributes)
    {
        while (NextItem(ref reader))
        {
            attributes.Add(ReadKeyValue(ref reader));
        }
    }

    private static KeyValue ReadKeyValue(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var keyValue = new KeyValue();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "key"u8, "key"u8))
            {
                keyValue.Key = ReadString(ref reader);
            }
            else if (Named(ref reader, "value"u8, "value"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    keyValue.Value = ReadAnyValue(ref reader);
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return keyValue;
    }

    private static AnyValue ReadAnyValue(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var value = new AnyValue();
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "stringValue"u8, "string_value"u8))
            {
                value.StringValue = ReadString(ref reader);
            }
            else if (Named(ref reader, "intValue"u8, "int_value"u8))
            {
                value.IntValue = ReadInt64(ref reader);
            }
            else if (Named(ref reader, "doubleValue"u8, "double_value"u8))
            {
                value.DoubleValue = ReadDouble(ref reader);
            }
            else if (Named(ref reader, "boolValue"u8, "bool_value"u8))
            {
                Next(ref reader);
                value.BoolValue = reader.GetBoolean();
            }
            else if (Named(ref reader, "bytesValue"u8, "bytes_value"u8))
            {
                value.BytesValue = ByteString.FromBase64(ReadString(ref reader));
            }
            else if (Named(ref reader, "arrayValue"u8, "array_value"u8))
            {
                Next(ref reader);
                value.ArrayValue = new ArrayValue();
                ReadValues(ref reader, value.ArrayValue.Values);
            }
            else if (Named(ref reader, "kvlistValue"u8, "kvlist_value"u8))
            {
                Next(ref reader);
                value.KvlistValue = new KeyValueList();
                ReadKeyValues(ref reader, value.KvlistValue.Values);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        return value;
    }

    /// <summary>An ArrayValue object: <c>{"values":[AnyValue…]}</c>.</summary>
    private static void ReadValues(ref Utf8JsonReader reader, RepeatedField<AnyValue> values)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "values"u8, "values"u8))
            {
                while (NextItem(ref reader))
                {
                    values.Add(ReadAnyValue(ref reader));
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    /// <summary>A KeyValueList object: <c>{"values":[KeyValue…]}</c>.</summary>
    private static void ReadKeyValues(ref Utf8JsonReader reader, RepeatedField<KeyValue> values)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader))
        {
            if (Named(ref reader, "values"u8, "values"u8))
            {
                ReadAttributes(ref reader, values);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static readonly string[] KindNames =
        ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];

    private static readonly string[] StatusNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    /// <summary>An enum as its number (what OTLP/JSON sends) or its protobuf name.</summary>
    private static int ReadEnum(ref Utf8JsonReader reader, string[] names)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt32();
        }
        var name = reader.GetString();
        var index = Array.IndexOf(names, name);
        return index >= 0 ? index : throw new FormatException($"unknown enum value '{name}'");
    }

    /// <summary>A trace or span id: hex, 16 or 32 characters (empty: none).</summary>
    private static ByteString ReadId(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ByteString.Empty;
        }
        Expect(ref reader, JsonTokenType.String);
        var hex = reader.ValueSpan;
        if (hex.Length == 0)
        {
            return ByteString.Empty;
        }
        if (reader.ValueIsEscaped || hex.Length is not (16 or 32))
        {
            throw new FormatException("an id must be 16 or 32 hex characters");
        }
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < hex.Length / 2; i++)
        {
            bytes[i] = (byte)(Nibble(hex[2 * i]) << 4 | Nibble(hex[2 * i + 1]));
        }
        return ByteString.CopyFrom(bytes[..(hex.Length / 2)]);
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => throw new FormatException("an id is not hex"),
    };

    private static string ReadString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.Null ? "" : reader.GetString()!;
    }

    private static ulong ReadUInt64(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String)
        {
            return Utf8Parser.TryParse(reader.ValueSpan, out ulong parsed, out var used) && used == reader.ValueSpan.Length && !reader.ValueIsEscaped
                ? parsed
                : throw new FormatException("a time is not a whole number of nanoseconds");
        }
        return reader.GetUInt64();
    }

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String)
        {
            return Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out var used) && used == reader.ValueSpan.Length && !reader.ValueIsEscaped
                ? parsed
                : throw new FormatException("an intValue is not a whole number");
        }
        return reader.GetInt64();
    }

    private static double ReadDouble(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var text => double.Parse(text!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        return reader.GetDouble();
    }

    private static uint ReadUInt32(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.String ? uint.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : reader.GetUInt32();
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("the line ends inside a JSON value");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new FormatException($"expected {type}, found {reader.TokenType}");
        }
    }

    /// <summary>Moves to the next property name of the object being read; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>
    /// With the reader on an array's property name or on an item's end: moves to the next item's start;
    /// false at the array's end (or for a null array).
    /// </summary>
    private static bool NextItem(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.Null)
            {
                return false;
            }
            Expect(ref reader, JsonTokenType.StartArray);
        }
        Next(ref reader);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static bool Named(ref Utf8JsonReader reader, ReadOnlySpan<byte> camel, ReadOnlySpan<byte> snake) =>
        reader.ValueTextEquals(camel) || (snake != camel && reader.ValueTextEquals(snake));

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static OtlpPayloadException Malformed(string reason) => new(OtlpRejection.Malformed, "Invalid OTLP JSON: " + reason);
}
