using System.Text;
using System.Text.Json;

namespace Cruddur.XRayDaemon.Receiving;

/// <summary>
/// The daemon's UDP contract: <c>{"format": "json", "version": 1}</c>, a newline, then one
/// segment document, forwarded as it is. No newline, a bad header or no body: rejected.
/// </summary>
internal static class SegmentDatagram
{
    public static bool TryReadDocument(ReadOnlySpan<byte> datagram, out string document)
    {
        document = string.Empty;
        var newline = datagram.IndexOf((byte)'\n');
        if (newline <= 0 || !IsValidHeader(datagram[..newline]))
        {
            return false;
        }

        var body = datagram[(newline + 1)..].TrimEnd("\r\n \t"u8).TrimStart(" \t\r\n"u8);
        if (body.IsEmpty)
        {
            return false;
        }

        document = Encoding.UTF8.GetString(body);
        return true;
    }

    private static bool IsValidHeader(ReadOnlySpan<byte> header)
    {
        try
        {
            var reader = new Utf8JsonReader(header);
            using var json = JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "json"
                && root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt32(out var number) && number == 1;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
