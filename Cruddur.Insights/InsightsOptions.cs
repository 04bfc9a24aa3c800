namespace Cruddur.Insights;

/// <summary>Settings under "Insights"; a wrong one stops start-up with a message naming it.</summary>
internal sealed class InsightsOptions
{
    public const string Section = "Insights";
    public const string DefaultUrl = "http://localhost:18891";

    /// <summary>The one listener: UI, login, JSON API, metrics and X-Ray documents.</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>The login link's token (/login?t=…); a random one is made per run when empty.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>The JSON API's key (header x-api-key); a random one is made per run when empty.</summary>
    public string? ApiKey { get; set; }

    public OtlpOptions Otlp { get; set; } = new();
    public AspireDashboardOptions Dashboard { get; set; } = new();
    public LimitOptions Limits { get; set; } = new();

    /// <summary>Reads the section (the URL falls back to the first of ASPNETCORE_URLS) and validates it.</summary>
    public static InsightsOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<InsightsOptions>() ?? new InsightsOptions();
        options.Url = AnyHost(configuration[$"{Section}:Url"] ?? FirstUrl(configuration["ASPNETCORE_URLS"]) ?? DefaultUrl);
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid Insights settings: " + string.Join("; ", errors));
        }
        return options;
    }

    public IEnumerable<string> Validate()
    {
        if (!IsHttpUrl(Url))
        {
            yield return $"{Section}:Url must be an absolute http:// URL (got '{Url}')";
        }
        if (BrowserToken is { Length: > 0 and < 8 })
        {
            yield return $"{Section}:BrowserToken must be at least 8 characters";
        }
        if (ApiKey is { Length: > 0 and < 8 })
        {
            yield return $"{Section}:ApiKey must be at least 8 characters";
        }
        if (Otlp.MaxRequestBodyBytes <= 0)
        {
            yield return $"{Section}:Otlp:MaxRequestBodyBytes must be positive";
        }
        if (!string.IsNullOrEmpty(Dashboard.Url)
            && !(Uri.TryCreate(Dashboard.Url, UriKind.Absolute, out var dashboard) && dashboard.Scheme is "http" or "https"))
        {
            yield return $"{Section}:Dashboard:Url must be an absolute http:// or https:// URL (got '{Dashboard.Url}')";
        }
        foreach (var (name, value) in new[]
        {
            (nameof(LimitOptions.MaxTraces), Limits.MaxTraces),
            (nameof(LimitOptions.MaxMetricPoints), Limits.MaxMetricPoints),
            (nameof(LimitOptions.MaxAttributes), Limits.MaxAttributes),
            (nameof(LimitOptions.MaxAttributeLength), Limits.MaxAttributeLength),
        })
        {
            if (value <= 0)
            {
                yield return $"{Section}:Limits:{name} must be positive (got {value})";
            }
        }
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp;

    private static string? FirstUrl(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    // Kestrel's wildcard hosts are not valid URI hosts.
    private static string AnyHost(string url) => url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
}

/// <summary>What the services' metrics and the X-Ray daemon's documents are let in with.</summary>
internal sealed class OtlpOptions
{
    /// <summary>When set, POST /v1/metrics and /xray/segments need it in the x-otlp-api-key header.</summary>
    public string? ApiKey { get; set; }
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>The Aspire dashboard Insights reads spans from and links every trace to.</summary>
internal sealed class AspireDashboardOptions
{
    /// <summary>Its base URL (e.g. http://localhost:18888): trace links go to {Url}/traces/detail/{traceId}; none when unset.</summary>
    public string? Url { get; set; }

    /// <summary>Its telemetry API key (header x-api-key), for the span feed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The Aspire dashboard's page of a trace, or null when no dashboard URL is set.</summary>
    public string? TraceUrl(string traceId) =>
        string.IsNullOrEmpty(Url) ? null : $"{Url.TrimEnd('/')}/traces/detail/{traceId}";
}

internal sealed class LimitOptions
{
    public int MaxTraces { get; set; } = 10_000;
    public int MaxMetricPoints { get; set; } = 50_000;
    public int MaxAttributes { get; set; } = 128;
    public int MaxAttributeLength { get; set; } = 8192;
}
