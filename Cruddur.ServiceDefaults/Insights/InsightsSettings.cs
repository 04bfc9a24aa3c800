using Microsoft.Extensions.Configuration;

namespace Cruddur.ServiceDefaults.Insights;

/// <summary>Insights' base URL (<c>Insights:Endpoint</c>) and the key its OTLP receiver may ask for (<c>Insights:OtlpApiKey</c>).</summary>
internal sealed record InsightsSettings(Uri Endpoint, string? OtlpApiKey)
{
    public Uri MetricsEndpoint => new(Endpoint, "v1/metrics");

    /// <summary>Null when no endpoint is set; throws naming the setting when it is not an http(s) URL.</summary>
    public static InsightsSettings? FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[InsightsExtensions.EndpointSetting]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{InsightsExtensions.EndpointSetting} '{text}' is not an absolute http or https URL.");
        }

        var key = configuration[InsightsExtensions.OtlpApiKeySetting]?.Trim();
        return new InsightsSettings(endpoint, string.IsNullOrEmpty(key) ? null : key);
    }

    // The key is a secret: keep it out of anything that prints this record.
    public override string ToString() => $"InsightsSettings {{ Endpoint = {Endpoint} }}";
}
