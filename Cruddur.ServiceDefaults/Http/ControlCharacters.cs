using System.Buffers;
using System.Globalization;
using System.Text;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// Makes text taken from a request safe to put in a log line: CR, LF, ESC and every other control character
/// (C0, DEL, C1), and the Unicode line and paragraph separators, are written <c>\xNN</c> or <c>\uNNNN</c>.
/// A request can then neither start a forged line (console, OTLP, CloudWatch) nor send a terminal an escape
/// sequence. Text without them comes back as it is, without copying.
/// </summary>
internal static class ControlCharacters
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        [.. Enumerable.Range(0x00, 0x20).Select(code => (char)code), '\u007F',
            .. Enumerable.Range(0x80, 0x20).Select(code => (char)code), '\u2028', '\u2029']);

    public static string Escape(string? value)
    {
        var text = value ?? "";
        var first = text.AsSpan().IndexOfAny(Escaped);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var character in text.AsSpan(first))
        {
            if (!Escaped.Contains(character))
            {
                escaped.Append(character);
            }
            else if (character <= '\u00FF')
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)character:X2}");
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:X4}");
            }
        }

        return escaped.ToString();
    }
}
