using System.Globalization;
using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Otlp.Wire;

/// <summary>
/// Decodes OTLP trace and log export requests from protobuf bytes straight into the store's records,
/// without Google.Protobuf's object tree (ingest under load was mostly allocating that tree). It gives
/// exactly what decoding with the generated classes and <see cref="OtlpConverter"/> gives; a test
/// compares the two on generated and mutated requests. Field numbers are those of opentelemetry-proto
/// (<c>Protos/</c>); fields it does not use are skipped, as unknown fields are.
/// </summary>
internal sealed class OtlpWireDecoder(AttributeReader attributes)
{
    private readonly AttributeReader _attributes = attributes;

    // Tags: field number × 8 + wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    private const uint RequestItemsTag = 1 << 3 | 2;        // Export{Trace,Logs}ServiceRequest.resource_{spans,logs}
    private const uint ListItemTag = 1 << 3 | 2;            // ArrayValue.values, KeyValueList.values
    private const uint ResourceTag = 1 << 3 | 2;            // Resource{Spans,Logs}.resource
    private const uint ScopesTag = 2 << 3 | 2;              // Resource{Spans,Logs}.scope_{spans,logs}
    private const uint ScopeTag = 1 << 3 | 2;               // Scope{Spans,Logs}.scope
    private const uint ItemsTag = 2 << 3 | 2;               // ScopeSpans.spans, ScopeLogs.log_records
    private const uint ScopeNameTag = 1 << 3 | 2;           // InstrumentationScope.name
    private const uint AttributeTag = 1 << 3 | 2;           // Resource.attributes
    private const uint KeyTag = 1 << 3 | 2;                 // KeyValue.key
    private const uint ValueTag = 2 << 3 | 2;               // KeyValue.value

    public List<SpanRecord> DecodeTraces(ReadOnlySpan<byte> body) => Decode(body, ReadSpan);

    public List<LogRecordEntry> DecodeLogs(ReadOnlySpan<byte> body, Func<long> nextSequence) =>
        Decode(body, new LogReader(this, nextSequence).ReadRecord);

    /// <summary>An Export{Trace,Logs}ServiceRequest: every item of every resource and scope, in order.</summary>
    private List<T> Decode<T>(ReadOnlySpan<byte> body, ItemReader<T> readItem)
    {
        var items = new List<T>();
        var request = new ProtoReader(body);
        while (request.TryReadTag(out var tag))
        {
            if (tag == RequestItemsTag)
            {
                ReadResourceItems(request.ReadMessage(), items, readItem);
            }
            else
            {
                request.Skip(tag);
            }
        }
        return items;
    }

    private delegate T ItemReader<T>(ProtoReader item, ResourceRecord resource, string scope);

    /// <summary>
    /// One ResourceSpans or ResourceLogs. The resource is read first wherever it sits (a message's fields
    /// may come in any order), so every item gets it; a repeated resource merges, as protobuf merges.
    /// </summary>
    private void ReadResourceItems<T>(ProtoReader message, List<T> into, ItemReader<T> readItem)
    {
        var scan = message;
        var read = new List<TelemetryAttribute>();
        var hasResource = false;
        while (scan.TryReadTag(out var tag))
        {
            if (tag == ResourceTag)
            {
                hasResource = true;
                ReadAttributes(scan.ReadMessage(), read);
            }
            else
            {
                scan.Skip(tag);
            }
        }
        var resource = hasResource ? OtlpConverter.ResourceFrom(_attributes.Capped(read), _attributes) : OtlpConverter.NoResource;
        while (message.TryReadTag(out var tag))
        {
            if (tag == ScopesTag)
            {
                ReadScopeItems(message.ReadMessage(), resource, into, readItem);
            }
            else
            {
                message.Skip(tag);
            }
        }
    }

    /// <summary>One ScopeSpans or ScopeLogs: its items, each with the resource and the scope's name.</summary>
    private void ReadScopeItems<T>(ProtoReader scopeItems, ResourceRecord resource, List<T> into, ItemReader<T> readItem)
    {
        var scope = ScopeName(scopeItems);
        while (scopeItems.TryReadTag(out var tag))
        {
            if (tag == ItemsTag)
            {
                into.Add(readItem(scopeItems.ReadMessage(), resource, scope));
            }
            else
            {
                scopeItems.Skip(tag);
            }
        }
    }

    private SpanRecord ReadSpan(ProtoReader span, ResourceRecord resource, string scope)
    {
        ReadOnlySpan<byte> traceId = default, spanId = default, parentId = default;
        ReadOnlySpan<byte> name = default;
        var statusMessage = "";
        int kind = 0, statusCode = 0;
        ulong start = 0, end = 0;
        var spanAttributes = new List<TelemetryAttribute>();
        List<SpanEventRecord>? events = null;
        List<SpanLinkRecord>? links = null;
        while (span.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case 1 << 3 | 2: traceId = span.ReadBytes(); break;
                case 2 << 3 | 2: spanId = span.ReadBytes(); break;
                case 4 << 3 | 2: parentId = span.ReadBytes(); break;
                case 5 << 3 | 2: name = span.ReadBytes(); break;
                case 6 << 3 | 0: kind = (int)span.ReadVarint(); break;
                case 7 << 3 | 1: start = span.ReadFixed64(); break;
                case 8 << 3 | 1: end = span.ReadFixed64(); break;
                case 9 << 3 | 2: ReadKeyValue(span.ReadMessage(), spanAttributes); break;
                case 11 << 3 | 2: (events ??= []).Add(ReadEvent(span.ReadMessage())); break;
                case 13 << 3 | 2: (links ??= []).Add(ReadLink(span.ReadMessage())); break;
                case 15 << 3 | 2: ReadStatus(span.ReadMessage(), ref statusMessage, ref statusCode); break;
                default: span.Skip(tag); break;
            }
        }
        if (traceId.Length != 16 || spanId.Length != 8)
        {
            throw new FormatException("trace id must be 16 bytes and span id 8 bytes");
        }
        return new SpanRecord(
            Convert.ToHexStringLower(traceId),
            Convert.ToHexStringLower(spanId),
            parentId.IsEmpty ? null : Convert.ToHexStringLower(parentId),
            _attributes.Intern(name),
            OtlpConverter.KindName(kind),
            (long)start,
            (long)Math.Max(end, start),
            OtlpConverter.StatusName(statusCode),
            statusMessage.Length == 0 ? null : statusMessage,
            _attributes.Capped(spanAttributes),
            events is null ? [] : [.. events],
            links is null ? [] : [.. links],
            resource,
            scope);
    }

    private SpanEventRecord ReadEvent(ProtoReader message)
    {
        ulong time = 0;
        ReadOnlySpan<byte> name = default;
        var read = new List<TelemetryAttribute>();
        while (message.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case 1 << 3 | 1: time = message.ReadFixed64(); break;
                case 2 << 3 | 2: name = message.ReadBytes(); break;
                case 3 << 3 | 2: ReadKeyValue(message.ReadMessage(), read); break;
                default: message.Skip(tag); break;
            }
        }
        return new SpanEventRecord(_attributes.Intern(name), (long)time, _attributes.Capped(read));
    }

    private SpanLinkRecord ReadLink(ProtoReader message)
    {
        ReadOnlySpan<byte> traceId = default, spanId = default;
        var read = new List<TelemetryAttribute>();
        while (message.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case 1 << 3 | 2: traceId = message.ReadBytes(); break;
                case 2 << 3 | 2: spanId = message.ReadBytes(); break;
                case 4 << 3 | 2: ReadKeyValue(message.ReadMessage(), read); break;
                default: message.Skip(tag); break;
            }
        }
        return new SpanLinkRecord(Convert.ToHexStringLower(traceId), Convert.ToHexStringLower(spanId), _attributes.Capped(read));
    }

    /// <summary>A repeated Status merges: a later non-empty message or non-zero code wins.</summary>
    private static void ReadStatus(ProtoReader status, ref string message, ref int code)
    {
        while (status.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case 2 << 3 | 2: message = status.ReadString(); break;
                case 3 << 3 | 0: code = (int)status.ReadVarint(); break;
                default: status.Skip(tag); break;
            }
        }
    }

    /// <summary>The scope's name (the last non-empty one if the scope repeats), interned; "" without a scope.</summary>
    private string ScopeName(ProtoReader message)
    {
        ReadOnlySpan<byte> name = default;
        while (message.TryReadTag(out var tag))
        {
            if (tag == ScopeTag)
            {
                var scope = message.ReadMessage();
                while (scope.TryReadTag(out var field))
                {
                    if (field == ScopeNameTag)
                    {
                        var value = scope.ReadBytes();
                        if (value.Length > 0)
                        {
                            name = value;
                        }
                    }
                    else
                    {
                        scope.Skip(field);
                    }
                }
            }
            else
            {
                message.Skip(tag);
            }
        }
        return _attributes.Intern(name);
    }

    /// <summary>A Resource's attributes.</summary>
    private void ReadAttributes(ProtoReader resource, List<TelemetryAttribute> into)
    {
        while (resource.TryReadTag(out var tag))
        {
            if (tag == AttributeTag)
            {
                ReadKeyValue(resource.ReadMessage(), into);
            }
            else
            {
                resource.Skip(tag);
            }
        }
    }

    private void ReadKeyValue(ProtoReader keyValue, List<TelemetryAttribute> into)
    {
        var (key, value) = ReadPair(keyValue);
        into.Add(new TelemetryAttribute(key, value is null ? "" : _attributes.Truncate(value)));
    }

    private (string Key, string? Value) ReadPair(ProtoReader keyValue)
    {
        var value = ReadPair(keyValue, out var key);
        return (_attributes.Intern(key), value);
    }

    /// <summary>A KeyValue: its key's bytes, and its value as text (null when it has none).</summary>
    private static string? ReadPair(ProtoReader keyValue, out ReadOnlySpan<byte> key)
    {
        key = default;
        string? value = null;
        var values = new AnyValueText();
        while (keyValue.TryReadTag(out var tag))
        {
            if (tag == KeyTag)
            {
                key = keyValue.ReadBytes();
            }
            else if (tag == ValueTag)
            {
                values.Merge(keyValue.ReadMessage());
                value = values.Text;
            }
            else
            {
                keyValue.Skip(tag);
            }
        }
        return value;
    }

    /// <summary>
    /// An AnyValue as text, as <see cref="AttributeReader"/> formats it. The last case read wins; arrays
    /// and key-value lists that repeat merge their entries, as protobuf merges a repeated message.
    /// </summary>
    private struct AnyValueText
    {
        private int _case;
        private string _scalar;
        private List<string>? _parts;

        public readonly string Text => _case switch
        {
            5 => "[" + string.Join(", ", _parts!) + "]",
            6 => "{" + string.Join(", ", _parts!) + "}",
            0 => "",
            _ => _scalar,
        };

        public void Merge(ProtoReader value)
        {
            while (value.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case 1 << 3 | 2: Set(1, value.ReadString()); break;
                    case 2 << 3 | 0: Set(2, value.ReadVarint() != 0 ? "true" : "false"); break;
                    case 3 << 3 | 0: Set(3, ((long)value.ReadVarint()).ToString(CultureInfo.InvariantCulture)); break;
                    case 4 << 3 | 1: Set(4, BitConverter.Int64BitsToDouble((long)value.ReadFixed64()).ToString(CultureInfo.InvariantCulture)); break;
                    case 5 << 3 | 2: ReadList(value.ReadMessage(), 5); break;
                    case 6 << 3 | 2: ReadList(value.ReadMessage(), 6); break;
                    case 7 << 3 | 2: Set(7, Convert.ToBase64String(value.ReadBytes())); break;
                    default: value.Skip(tag); break;
                }
            }
        }

        private void Set(int valueCase, string text)
        {
            _case = valueCase;
            _scalar = text;
            _parts = null;
        }

        /// <summary>ArrayValue (5: its values are AnyValues) or KeyValueList (6: KeyValues, "key: value").</summary>
        private void ReadList(ProtoReader list, int valueCase)
        {
            if (_case != valueCase || _parts is null)
            {
                _case = valueCase;
                _parts = [];
            }
            while (list.TryReadTag(out var tag))
            {
                if (tag != ListItemTag)
                {
                    list.Skip(tag);
                }
                else if (valueCase == 5)
                {
                    var item = new AnyValueText();
                    item.Merge(list.ReadMessage());
                    _parts.Add(item.Text);
                }
                else
                {
                    // A nested pair: its key as sent (not interned), its value not truncated.
                    var value = ReadPair(list.ReadMessage(), out var key);
                    _parts.Add(System.Text.Encoding.UTF8.GetString(key) + ": " + (value ?? ""));
                }
            }
        }
    }

    /// <summary>A LogRecord → a log entry; sequence numbers are taken in the order records are read.</summary>
    private sealed class LogReader(OtlpWireDecoder decoder, Func<long> nextSequence)
    {
        public LogRecordEntry ReadRecord(ProtoReader log, ResourceRecord resource, string scope)
        {
            ulong time = 0, observed = 0;
            var severity = 0;
            string severityText = "", eventName = "";
            string? body = null;
            var bodyValue = new AnyValueText();
            ReadOnlySpan<byte> traceId = default, spanId = default;
            var read = new List<TelemetryAttribute>();
            while (log.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case 1 << 3 | 1: time = log.ReadFixed64(); break;
                    case 2 << 3 | 0: severity = (int)log.ReadVarint(); break;
                    case 3 << 3 | 2: severityText = log.ReadString(); break;
                    case 5 << 3 | 2: bodyValue.Merge(log.ReadMessage()); body = bodyValue.Text; break;
                    case 6 << 3 | 2: decoder.ReadKeyValue(log.ReadMessage(), read); break;
                    case 9 << 3 | 2: traceId = log.ReadBytes(); break;
                    case 10 << 3 | 2: spanId = log.ReadBytes(); break;
                    case 11 << 3 | 1: observed = log.ReadFixed64(); break;
                    case 12 << 3 | 2: eventName = log.ReadString(); break;
                    default: log.Skip(tag); break;
                }
            }
            var logAttributes = decoder._attributes.Capped(read);
            return new LogRecordEntry(
                nextSequence(),
                (long)(time != 0 ? time : observed),
                OtlpConverter.Level((Proto.Logs.SeverityNumber)severity),
                severityText,
                MessageTemplate.Render(body is null ? "" : decoder._attributes.Truncate(body), logAttributes),
                traceId.IsEmpty ? null : Convert.ToHexStringLower(traceId),
                spanId.IsEmpty ? null : Convert.ToHexStringLower(spanId),
                eventName.Length == 0 ? null : eventName,
                logAttributes,
                resource,
                scope);
        }
    }
}
