using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Cruddur.Tests.ServiceDefaults;

public sealed class OtlpSettingsTests
{
    private static OtlpSettings Read(params (string Key, string Value)[] settings) =>
        OtlpSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void FromConfiguration_NoEndpoint_NoExporters()
    {
        var settings = Read();

        Assert.Null(settings.Traces);
        Assert.Null(settings.Logs);
        Assert.Null(settings.Metrics);
    }

    [Fact]
    public void FromConfiguration_GrpcByDefault_EndpointUsedAsIs()
    {
        var settings = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:18889"));

        Assert.Equal(OtlpExportProtocol.Grpc, settings.Traces!.Protocol);
        Assert.Equal(new Uri("http://localhost:18889"), settings.Traces.Endpoint);
        Assert.Equal(new Uri("http://localhost:18889"), settings.Logs!.Endpoint);
    }

    [Fact]
    public void FromConfiguration_HttpProtobuf_AppendsSignalPathsToTheBase()
    {
        var settings = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:18890/"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, settings.Traces!.Protocol);
        Assert.Equal(new Uri("http://localhost:18890/v1/traces"), settings.Traces.Endpoint);
        Assert.Equal(new Uri("http://localhost:18890/v1/logs"), settings.Logs!.Endpoint);
        Assert.Equal(new Uri("http://localhost:18890/v1/metrics"), settings.Metrics!.Endpoint);
    }

    [Fact]
    public void FromConfiguration_SignalSpecificEndpoint_UsedAsIsAndWins()
    {
        var settings = Read(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:18890"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/custom/traces"));

        Assert.Equal(new Uri("http://collector:4318/custom/traces"), settings.Traces!.Endpoint);
        Assert.Equal(new Uri("http://localhost:18890/v1/logs"), settings.Logs!.Endpoint);
    }

    [Fact]
    public void FromConfiguration_Headers_PercentDecoded()
    {
        var settings = Read(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:18889"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=abc%3D%3D, tenant=cruddur"));

        Assert.Equal("x-otlp-api-key=abc==,tenant=cruddur", settings.Traces!.Headers);
    }

    [Fact]
    public void ToString_NeverShowsHeaderValues()
    {
        var settings = Read(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:18889"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=very-secret"));

        Assert.DoesNotContain("very-secret", settings.Traces!.ToString());
        Assert.Contains("headers set", settings.Traces.ToString());
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4317", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void FromConfiguration_InvalidValue_FailsNamingTheSetting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:18889", [key] = value };

        var error = Assert.Throws<InvalidOperationException>(() => Read([.. settings.Select(pair => (pair.Key, pair.Value))]));

        Assert.Contains(named, error.Message);
    }
}
