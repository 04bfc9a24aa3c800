namespace Cruddur.Insights.Spend;

/// <summary>
/// Settings under "Dashboard:Spend": each sink's free tier per month (they change; these are the
/// published figures when this was written) and the window the page opens with.
/// </summary>
internal sealed class SpendOptions
{
    public const string Section = InsightsOptions.Section + ":Spend";

    public double HoneycombEventsPerMonth { get; set; } = 20_000_000;
    public double XRayTracesPerMonth { get; set; } = 100_000;

    /// <summary>CloudWatch Logs ingestion in GB (2^30 bytes, as AWS bills).</summary>
    public double CloudWatchGigabytesPerMonth { get; set; } = 5;
    public double RollbarItemsPerMonth { get; set; } = 5_000;

    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromMinutes(15);

    public static SpendOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SpendOptions>() ?? new SpendOptions();
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid Insights settings: " + string.Join("; ", errors));
        }
        return options;
    }

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(HoneycombEventsPerMonth), HoneycombEventsPerMonth),
            (nameof(XRayTracesPerMonth), XRayTracesPerMonth),
            (nameof(CloudWatchGigabytesPerMonth), CloudWatchGigabytesPerMonth),
            (nameof(RollbarItemsPerMonth), RollbarItemsPerMonth),
        })
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                yield return $"{Section}:{name} must be a positive number (got {value})";
            }
        }
        if (DefaultWindow < SpendProjection.MinWindow || DefaultWindow > SpendProjection.MaxWindow)
        {
            yield return $"{Section}:DefaultWindow must be between {SpendProjection.MinWindow} and {SpendProjection.MaxWindow}";
        }
    }
}
