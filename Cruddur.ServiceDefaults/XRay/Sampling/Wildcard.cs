namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>X-Ray's glob: <c>*</c> matches any run of characters, <c>?</c> exactly one, case ignored.</summary>
public static class Wildcard
{
    public static bool Matches(string pattern, string? text)
    {
        text ??= string.Empty;
        if (pattern == "*")
        {
            return true;
        }

        // Iterative match with backtracking to the last star: linear in practice, no regex.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
