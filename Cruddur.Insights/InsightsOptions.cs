namespace Cruddur.Insights;

/// <summary>Settings under "Dashboard"; environment variables follow the Aspire dashboard's names where they exist.</summary>
internal sealed class InsightsOptions
{
    public const string Section = "Dashboard";

    public FrontendOptions Frontend { get; set; } = new();
    public OtlpOptions Otlp { get; set; } = new();
    public ApiOptions Api { get; set; } = new();
    public LimitOptions Limits { get; set; } = new();

    /// <summary>Reads the section, fills gaps from the Aspire-style variables, and fails fast naming the bad setting.</summary>
    public static InsightsOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<InsightsOptions>() ?? new InsightsOptions();
        options.Frontend.Url = AnyHost(FirstUrl(configuration["Dashboard:Frontend:Url"] ?? configuration["ASPNETCORE_URLS"]) ?? "http://localhost:18888");
        options.Otlp.GrpcUrl = AnyHost(configuration["Dashboard:Otlp:GrpcUrl"] ?? configuration["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"] ?? "http://localhost:18889");
        options.Otlp.HttpUrl = AnyHost(configuration["Dashboard:Otlp:HttpUrl"] ?? configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ?? "http://localhost:18890");
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid dashboard settings: " + string.Join("; ", errors));
        }
        return options;
    }

    public IEnumerable<string> Validate()
    {
        foreach (var (name, url) in new[] { ("Dashboard:Frontend:Url", Frontend.Url), ("Dashboard:Otlp:GrpcUrl", Otlp.GrpcUrl), ("Dashboard:Otlp:HttpUrl", Otlp.HttpUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                yield return $"{name} must be an absolute http:// URL (got '{url}')";
            }
        }
        if (Otlp.MaxRequestBodyBytes <= 0)
        {
            yield return "Dashboard:Otlp:MaxRequestBodyBytes must be positive";
        }
        if (Limits.MaxTraces <= 0 || Limits.MaxLogs <= 0 || Limits.MaxMetricPoints <= 0 || Limits.MaxAttributes <= 0 || Limits.MaxAttributeLength <= 0)
        {
            yield return "Dashboard:Limits:* must all be positive";
        }
        if (Frontend.BrowserToken is { Length: < 8 })
        {
            yield return "Dashboard:Frontend:BrowserToken must be at least 8 characters";
        }
    }

    private static string? FirstUrl(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    // Kestrel's wildcard hosts are not valid URI hosts.
    private static string AnyHost(string url) => url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
}

internal enum FrontendAuthMode
{
    BrowserToken,
    Unsecured,
}

internal sealed class FrontendOptions
{
    public string Url { get; set; } = "http://localhost:18888";
    public FrontendAuthMode AuthMode { get; set; } = FrontendAuthMode.BrowserToken;

    /// <summary>Fixed login token (AppHost, tests); a random one is made per run when empty.</summary>
    public string? BrowserToken { get; set; }
}

internal sealed class OtlpOptions
{
    public string GrpcUrl { get; set; } = "http://localhost:18889";
    public string HttpUrl { get; set; } = "http://localhost:18890";

    /// <summary>When set, senders must present it in the x-otlp-api-key header.</summary>
    public string? ApiKey { get; set; }
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
    public string[] AllowedOrigins { get; set; } = [];
}

internal sealed class ApiOptions
{
    /// <summary>When set, the JSON API also accepts it in the x-dashboard-api-key header.</summary>
    public string? ApiKey { get; set; }
}

internal sealed class LimitOptions
{
    public int MaxTraces { get; set; } = 10_000;
    public int MaxLogs { get; set; } = 10_000;
    public int MaxMetricPoints { get; set; } = 50_000;
    public int MaxAttributes { get; set; } = 128;
    public int MaxAttributeLength { get; set; } = 8192;
}
