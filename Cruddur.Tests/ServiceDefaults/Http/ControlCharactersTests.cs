using Cruddur.ServiceDefaults.Http;

namespace Cruddur.Tests.ServiceDefaults.Http;

public sealed class ControlCharactersTests
{
    [Fact]
    public void Escape_CrLfAndEscapeSequence_WrittenAsHexEscapes()
    {
        var escaped = ControlCharacters.Escape("/api/a\r\n2026-11-30T00:00:00Z 127.0.0.1 GET http /forged 200\u001b[31mred");

        Assert.Equal(@"/api/a\x0D\x0A2026-11-30T00:00:00Z 127.0.0.1 GET http /forged 200\x1B[31mred", escaped);
    }

    [Fact]
    public void Escape_EveryC0AndC1ControlDelAndLineSeparator_LeavesNoneRaw()
    {
        var controls = Enumerable.Range(0x00, 0x20).Concat([0x7F]).Concat(Enumerable.Range(0x80, 0x20)).Concat([0x2028, 0x2029])
            .Select(code => (char)code).ToArray();

        var escaped = ControlCharacters.Escape(new string(controls));

        Assert.DoesNotContain(escaped, character => char.IsControl(character) || character is '\u2028' or '\u2029');
        Assert.StartsWith(@"\x00\x01", escaped, StringComparison.Ordinal);
        Assert.EndsWith(@"\x9F\u2028\u2029", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_PrintableText_ReturnedAsItIs()
    {
        const string text = "/api/activities/@a@b?term=caf\u00e9 \U0001F596 \\x0D";

        Assert.Same(text, ControlCharacters.Escape(text));
        Assert.Equal("", ControlCharacters.Escape(null));
    }
}
