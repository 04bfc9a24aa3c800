using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// The standard <c>OTEL_EXPORTER_OTLP_*</c> settings, read from configuration (environment
/// variables included) as the OpenTelemetry specification defines them. No endpoint, no exporter.
/// </summary>
public sealed record OtlpSettings
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolSetting = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string HeadersSetting = "OTEL_EXPORTER_OTLP_HEADERS";

    public required OtlpSignalSettings? Traces { get; init; }

    public required OtlpSignalSettings? Logs { get; init; }

    public required OtlpSignalSettings? Metrics { get; init; }

    public static OtlpSettings FromConfiguration(IConfiguration configuration) => new()
    {
        Traces = ForSignal(configuration, "TRACES", "v1/traces"),
        Logs = ForSignal(configuration, "LOGS", "v1/logs"),
        Metrics = ForSignal(configuration, "METRICS", "v1/metrics"),
    };

    public void AddTraceExporter(TracerProviderBuilder tracing)
    {
        if (Traces is { } signal)
        {
            tracing.AddOtlpExporter(signal.Apply);
        }
    }

    public void AddLogExporter(OpenTelemetryLoggerOptions logging)
    {
        if (Logs is { } signal)
        {
            logging.AddOtlpExporter(signal.Apply);
        }
    }

    public void AddMetricExporter(MeterProviderBuilder metrics)
    {
        if (Metrics is { } signal)
        {
            metrics.AddOtlpExporter((exporter, reader) =>
            {
                signal.Apply(exporter);
                // Five seconds rather than sixty: a developer watching the dashboard wants it live.
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5_000;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            });
        }
    }

    private static OtlpSignalSettings? ForSignal(IConfiguration configuration, string signal, string httpPath)
    {
        var protocol = ParseProtocol(
            NonEmpty(configuration[$"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL"]) ?? NonEmpty(configuration[ProtocolSetting]));
        var headers = NonEmpty(configuration[$"OTEL_EXPORTER_OTLP_{signal}_HEADERS"]) ?? NonEmpty(configuration[HeadersSetting]);

        // A signal-specific endpoint is used as it is; the general one is a base to which
        // OTLP/HTTP appends the signal's path (the specification's rule).
        Uri? endpoint;
        if (NonEmpty(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]) is { } specific)
        {
            endpoint = ParseEndpoint(specific, $"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT");
        }
        else if (NonEmpty(configuration[EndpointSetting]) is { } general)
        {
            var baseUri = ParseEndpoint(general, EndpointSetting);
            endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/" + httpPath)
                : baseUri;
        }
        else
        {
            return null;
        }

        return new OtlpSignalSettings(endpoint, protocol, DecodeHeaders(headers));
    }

    internal static OtlpExportProtocol ParseProtocol(string? value) => value?.ToLowerInvariant() switch
    {
        null or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException(
            $"{ProtocolSetting} '{value}' is not supported: use 'grpc' or 'http/protobuf'."),
    };

    private static Uri ParseEndpoint(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{setting} '{value}' is not an absolute http or https URL.");

    /// <summary>
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c> is <c>k=v,k2=v2</c> with percent-encoded values; the
    /// .NET exporter splits the same list but does not decode, so decode here.
    /// </summary>
    internal static string? DecodeHeaders(string? headers)
    {
        if (headers is null)
        {
            return null;
        }

        var pairs = ServiceResource.ParseResourceAttributes(headers);
        return pairs.Count == 0 ? null : string.Join(',', pairs.Select(pair => $"{pair.Key}={pair.Value}"));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Where and how one signal is exported.</summary>
public sealed record OtlpSignalSettings(Uri Endpoint, OtlpExportProtocol Protocol, string? Headers)
{
    public void Apply(OtlpExporterOptions options)
    {
        options.Endpoint = Endpoint;
        options.Protocol = Protocol;
        if (Headers is not null)
        {
            options.Headers = Headers;
        }
    }

    /// <summary>Never print header values: they carry API keys.</summary>
    public override string ToString() =>
        $"{Endpoint} ({(Protocol == OtlpExportProtocol.Grpc ? "grpc" : "http/protobuf")}{(Headers is null ? "" : ", headers set")})";
}
