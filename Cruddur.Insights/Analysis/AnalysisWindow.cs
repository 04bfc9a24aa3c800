namespace Cruddur.Insights.Analysis;

/// <summary>The time range a view covers: the last 1 min, 5 min, 15 min, 1 h, or the whole run.</summary>
internal sealed record AnalysisWindow(string Name, TimeSpan? Length)
{
    public static readonly AnalysisWindow WholeRun = new("all", null);

    private static readonly AnalysisWindow[] Known =
    [
        new("1m", TimeSpan.FromMinutes(1)),
        new("5m", TimeSpan.FromMinutes(5)),
        new("15m", TimeSpan.FromMinutes(15)),
        new("1h", TimeSpan.FromHours(1)),
        WholeRun,
    ];

    public static string Choices => string.Join(", ", Known.Select(w => w.Name));

    public static bool TryParse(string? text, out AnalysisWindow window)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            window = WholeRun;
            return true;
        }
        var found = Known.FirstOrDefault(w => w.Name.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        window = found ?? WholeRun;
        return found is not null;
    }

    /// <summary>The earliest start time (Unix ns) inside the window; everything for the whole run.</summary>
    public long FromNanos(DateTimeOffset now) =>
        Length is { } length ? (now - length - DateTimeOffset.UnixEpoch).Ticks * 100 : long.MinValue;
}
