using System.Text.RegularExpressions;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.Honeycomb;

/// <summary>
/// Honeycomb: a second OTLP trace exporter, on when <c>HONEYCOMB_API_KEY</c> is set.
/// The dataset is the service name, except for Classic keys, which need x-honeycomb-dataset.
/// </summary>
internal static partial class HoneycombExtensions
{
    public const string ApiKeySetting = "HONEYCOMB_API_KEY";
    public const string EndpointSetting = "HONEYCOMB_ENDPOINT";
    public const string DatasetSetting = "HONEYCOMB_DATASET";
    public const string DefaultEndpoint = "https://api.honeycomb.io";

    public static TracerProviderBuilder AddHoneycomb(this TracerProviderBuilder tracing,
        IConfiguration configuration, ServiceResource resource, SinkReport sinks)
    {
        var key = configuration[ApiKeySetting]?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            sinks.Off("Honeycomb", $"{ApiKeySetting} is not set");
            return tracing;
        }

        var endpointText = configuration[EndpointSetting]?.Trim();
        var endpoint = string.IsNullOrEmpty(endpointText) ? DefaultEndpoint : endpointText;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseUri))
        {
            throw new InvalidOperationException($"{EndpointSetting} '{endpoint}' is not an absolute URL.");
        }

        var headers = $"x-honeycomb-team={key}";
        if (IsClassicKey(key))
        {
            headers += $",x-honeycomb-dataset={configuration[DatasetSetting] ?? resource.ServiceName}";
        }

        tracing.AddOtlpExporter(options =>
        {
            options.Endpoint = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/v1/traces");
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
            options.Headers = headers;
        });
        sinks.On("Honeycomb", $"traces to {baseUri.GetLeftPart(UriPartial.Authority)}, dataset {resource.ServiceName}");
        return tracing;
    }

    /// <summary>Classic keys: 32 hex characters, or 64 characters starting hcaic_ or hcic_.</summary>
    internal static bool IsClassicKey(string key) =>
        ClassicHexKey().IsMatch(key) || (key.Length == 64 && (key.StartsWith("hcaic_", StringComparison.Ordinal) || key.StartsWith("hcic_", StringComparison.Ordinal)));

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex ClassicHexKey();
}
