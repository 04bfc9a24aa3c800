using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;

namespace Cruddur.Insights.Otlp;

/// <summary>OTLP/JSON: protobuf JSON mapping, except that trace and span ids are hex, not base64.</summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonWriterOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonReaderOptions Input = new() { MaxDepth = 64 };

    /// <exception cref="OtlpPayloadException">Not UTF-8, not a JSON object, a malformed id or not OTLP.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8)
        where T : IMessage, new()
    {
        // Refused before reading: invalid UTF-8 inside property names would otherwise surface late and oddly.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw Malformed("Invalid JSON: the body is not valid UTF-8.");
        }

        string json;
        try
        {
            json = WithBase64Ids(utf8);
        }
        catch (JsonException e)
        {
            throw Malformed("Invalid JSON: " + e.Message);
        }

        try
        {
            return Parser.Parse<T>(json);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Malformed("Invalid OTLP JSON: " + e.Message);
        }
        catch (FormatException e)
        {
            throw Malformed("Invalid OTLP JSON: " + e.Message);
        }
    }

    /// <summary>
    /// The protobuf JSON mapping has base64 bytes where OTLP/JSON has hex ids: one streaming pass copies the
    /// document with every traceId, spanId and parentSpanId turned to base64 (a parsed tree and a second
    /// serialization of it cost twice the time and six times the memory of the parse that follows).
    /// </summary>
    private static string WithBase64Ids(ReadOnlySpan<byte> utf8)
    {
        var output = new ArrayBufferWriter<byte>(utf8.Length + 1024);
        using (var writer = new Utf8JsonWriter(output, Output))
        {
            var reader = new Utf8JsonReader(utf8, Input);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed("JSON body must be an object.");
            }
            var isId = false;
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        isId = reader.ValueTextEquals("traceId"u8) || reader.ValueTextEquals("spanId"u8) || reader.ValueTextEquals("parentSpanId"u8);
                        if (reader.ValueIsEscaped)
                        {
                            writer.WritePropertyName(reader.GetString()!);
                        }
                        else
                        {
                            writer.WritePropertyName(reader.ValueSpan);
                        }
                        continue; // the flag is for the value that follows
                    case JsonTokenType.String when isId:
                        WriteId(writer, reader.GetString()!);
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        writer.WriteStringValue(reader.GetString());
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.ValueSpan);
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
                isId = false;
            }
            while (reader.Read());
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteId(Utf8JsonWriter writer, string hex)
    {
        if (hex.Length == 0)
        {
            writer.WriteStringValue(hex);
            return;
        }
        if (hex.Length is not (16 or 32))
        {
            throw Malformed($"Id '{hex}' must be 16 or 32 hex characters.");
        }
        Span<byte> bytes = stackalloc byte[16];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != OperationStatus.Done)
        {
            throw Malformed($"Id '{hex}' is not hex.");
        }
        writer.WriteBase64StringValue(bytes[..written]);
    }

    private static OtlpPayloadException Malformed(string message) => new(OtlpRejection.Malformed, message);
}
