namespace Cruddur.Api.Model;

/// <summary>The blank and length rules every posted text follows.</summary>
public static class MessageText
{
    public const int MaxCrudChars = 280;
    public const int MaxReplyChars = 1024;
    public const int MaxMessageChars = 1024;

    /// <summary><c>message_blank</c> or <c>message_exceed_max_chars</c> when the text breaks a rule, else null.</summary>
    public static string? Check(string? text, int maxChars) =>
        string.IsNullOrWhiteSpace(text) ? ErrorCodes.MessageBlank
        : Length(text) > maxChars ? ErrorCodes.MessageExceedMaxChars
        : null;

    // Counted in characters as a person sees them (code points), not UTF-16 units: an emoji is one.
    internal static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    internal static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);
}
