using System.Text.RegularExpressions;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
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
        IConfiguration configuration, ServiceIdentity service, SinkReport sinks)
    {
        if (HoneycombSettings.FromConfiguration(configuration) is not { } settings)
        {
            sinks.Off("Honeycomb", $"{ApiKeySetting} is not set");
            return tracing;
        }

        var (key, baseUri) = (settings.ApiKey, settings.Endpoint);
        var headers = $"x-honeycomb-team={key}";
        if (IsClassicKey(key))
        {
            headers += $",x-honeycomb-dataset={configuration[DatasetSetting] ?? service.ServiceName}";
        }

        // Built by hand rather than AddOtlpExporter so what Honeycomb accepts and drops is counted;
        // made with the provider, as its batch processor starts a thread.
        tracing.AddProcessor(_ => new BatchActivityExportProcessor(new HoneycombTraceExporter(new OtlpExporterOptions
        {
            Endpoint = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/v1/traces"),
            Protocol = OtlpExportProtocol.HttpProtobuf,
            Headers = headers,
        })));
        sinks.On("Honeycomb", $"traces to {baseUri.GetLeftPart(UriPartial.Authority)}, dataset {service.ServiceName}");
        return tracing;
    }

    /// <summary>
    /// The background <c>/1/auth</c> check and the <see cref="HoneycombAccount"/> it fills, when a key is set.
    /// </summary>
    public static IHostApplicationBuilder AddHoneycombAuthCheck(this IHostApplicationBuilder builder)
    {
        var settings = HoneycombSettings.FromConfiguration(builder.Configuration);
        var account = new HoneycombAccount();
        if (settings?.Endpoint.Host.Contains(".eu1.", StringComparison.OrdinalIgnoreCase) == true)
        {
            account.UiBase = new Uri("https://ui.eu1.honeycomb.io/");
        }

        builder.Services.AddSingleton(account);
        if (settings is null)
        {
            return builder;
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<HoneycombAuthCheck>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HoneycombAuthCheck>());
        return builder;
    }

    /// <summary>Classic keys: 32 hex characters, or 64 characters starting hcaic_ or hcic_.</summary>
    internal static bool IsClassicKey(string key) =>
        ClassicHexKey().IsMatch(key) || (key.Length == 64 && (key.StartsWith("hcaic_", StringComparison.Ordinal) || key.StartsWith("hcic_", StringComparison.Ordinal)));

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex ClassicHexKey();
}
