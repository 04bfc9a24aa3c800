namespace Cruddur.Insights.Feed;

/// <summary>
/// Where the feed reads spans: the Aspire dashboard's base URL and its telemetry API key (sent as
/// <c>x-api-key</c>), both set by the AppHost. Without a URL there is no feed.
/// </summary>
internal sealed class FeedOptions
{
    public const string UrlSetting = "Insights:Dashboard:Url";
    public const string ApiKeySetting = "Insights:Dashboard:ApiKey";
    public const string MaxReconnectDelaySetting = "Insights:Feed:MaxReconnectDelay";

    public Uri? Url { get; init; }

    /// <summary>A secret: sent, never logged nor shown.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The longest wait between two connection attempts (the waits double from 100 ms up to it).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads the settings and fails fast naming a bad one.</summary>
    public static FeedOptions Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        Uri? url = null;
        if (configuration[UrlSetting] is { } text && !string.IsNullOrWhiteSpace(text))
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
            {
                url = parsed;
            }
            else
            {
                errors.Add($"{UrlSetting} must be an absolute http:// or https:// URL (got '{text}')");
            }
        }

        var maxDelay = TimeSpan.FromSeconds(5);
        if (configuration[MaxReconnectDelaySetting] is { Length: > 0 } delay
            && (!TimeSpan.TryParse(delay, System.Globalization.CultureInfo.InvariantCulture, out maxDelay) || maxDelay < TimeSpan.FromMilliseconds(100) || maxDelay > TimeSpan.FromMinutes(5)))
        {
            errors.Add($"{MaxReconnectDelaySetting} must be a time between 00:00:00.1 and 00:05:00 (got '{delay}')");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid Insights settings: " + string.Join("; ", errors));
        }

        return new FeedOptions
        {
            Url = url,
            ApiKey = string.IsNullOrWhiteSpace(configuration[ApiKeySetting]) ? null : configuration[ApiKeySetting]!.Trim(),
            MaxReconnectDelay = maxDelay,
        };
    }
}
