using Microsoft.Extensions.Configuration;

namespace Cruddur.ServiceDefaults.Honeycomb;

/// <summary>The API key and endpoint, read once from <c>HONEYCOMB_API_KEY</c> and <c>HONEYCOMB_ENDPOINT</c>.</summary>
internal sealed record HoneycombSettings(string ApiKey, Uri Endpoint)
{
    /// <summary>Null when no key is set; throws naming the setting when the endpoint is not a URL.</summary>
    public static HoneycombSettings? FromConfiguration(IConfiguration configuration)
    {
        var key = configuration[HoneycombExtensions.ApiKeySetting]?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var endpointText = configuration[HoneycombExtensions.EndpointSetting]?.Trim();
        var endpoint = string.IsNullOrEmpty(endpointText) ? HoneycombExtensions.DefaultEndpoint : endpointText;
        if (!Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri))
        {
            throw new InvalidOperationException($"{HoneycombExtensions.EndpointSetting} '{endpoint}' is not an absolute URL.");
        }

        return new HoneycombSettings(key, baseUri);
    }

    // The key is a secret: keep it out of anything that prints this record.
    public override string ToString() => $"HoneycombSettings {{ Endpoint = {Endpoint} }}";
}
