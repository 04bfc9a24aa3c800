using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Cruddur.Insights.Otlp.Proto.Common;
using Cruddur.Insights.Storage;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Otlp;

/// <summary>Flattens OTLP attributes to text within the configured limits and interns repeated strings.</summary>
internal sealed class AttributeReader
{
    private const int MaxInterned = 10_000;
    private const int MaxInternedLength = 256;
    private readonly int _maxAttributes;
    private readonly int _maxLength;
    private readonly ConcurrentDictionary<string, string> _interned = new(StringComparer.Ordinal);

    public AttributeReader(IOptions<InsightsOptions> options)
    {
        _maxAttributes = options.Value.Limits.MaxAttributes;
        _maxLength = options.Value.Limits.MaxAttributeLength;
    }

    public TelemetryAttribute[] Read(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }
        var count = Math.Min(attributes.Count, _maxAttributes);
        var result = new TelemetryAttribute[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new TelemetryAttribute(Intern(attributes[i].Key), Text(attributes[i].Value));
        }
        return result;
    }

    public string Text(AnyValue? value) => Truncate(value is null ? "" : Format(value));

    /// <summary>A value's text within Insights:Limits:MaxAttributeLength.</summary>
    public string Truncate(string text) => text.Length > _maxLength ? text[.._maxLength] : text;

    /// <summary>Service, span and instrument names repeat endlessly: keep one copy of each.</summary>
    public string Intern(string value)
    {
        if (_interned.TryGetValue(value, out var existing))
        {
            return existing;
        }
        if (_interned.Count >= MaxInterned || value.Length > MaxInternedLength)
        {
            return value;
        }
        return _interned.GetOrAdd(value, value);
    }

    public static string Hex(ByteString bytes) => bytes.IsEmpty ? "" : Convert.ToHexStringLower(bytes.Span);

    private static string Format(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Format)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => KeyValues(value.KvlistValue),
        _ => "",
    };

    private static string KeyValues(KeyValueList list)
    {
        var text = new StringBuilder("{");
        foreach (var kv in list.Values)
        {
            if (text.Length > 1)
            {
                text.Append(", ");
            }
            text.Append(kv.Key).Append(": ").Append(kv.Value is null ? "" : Format(kv.Value));
        }
        return text.Append('}').ToString();
    }
}
