namespace Cruddur.Api.Model;

/// <summary>The lifetimes a crud can be given, by the names the front end's form sends.</summary>
public static class Ttl
{
    private static readonly Dictionary<string, TimeSpan> Choices = new(StringComparer.Ordinal)
    {
        ["30-days"] = TimeSpan.FromDays(30),
        ["7-days"] = TimeSpan.FromDays(7),
        ["3-days"] = TimeSpan.FromDays(3),
        ["1-day"] = TimeSpan.FromDays(1),
        ["12-hours"] = TimeSpan.FromHours(12),
        ["3-hours"] = TimeSpan.FromHours(3),
        ["1-hour"] = TimeSpan.FromHours(1),
    };

    public static IReadOnlyCollection<string> Names => Choices.Keys;

    public static bool TryParse(string? value, out TimeSpan lifetime)
    {
        lifetime = default;
        return value is not null && Choices.TryGetValue(value, out lifetime);
    }
}
