namespace Cruddur.Api.Model;

/// <summary>The blank and length rules every posted text follows.</summary>
public static class MessageText
{
    public const int MaxCrudChars = 280;
    public const int MaxReplyChars = 1024;
    public const int MaxMessageChars = 1024;

    /// <summary>Adds <c>message_blank</c> or <c>message_exceed_max_chars</c> when the text breaks a rule.</summary>
    public static void Validate(string? text, int maxChars, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(ErrorCodes.MessageBlank);
        }
        else if (Length(text) > maxChars)
        {
            errors.Add(ErrorCodes.MessageExceedMaxChars);
        }
    }

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
