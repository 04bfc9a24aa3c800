using Cruddur.Insights.Spend;
using Cruddur.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Cruddur.Tests.Insights.Otlp;

/// <summary>The real .NET OTLP exporter sending a service's sink counters to Insights, as services will.</summary>
public sealed class OtlpExporterTests
{
    [Fact]
    public async Task DotNetExporter_SinkCounters_CountedBySpend()
    {
        await using var server = await InsightsServer.StartAsync();
        var meterName = "Cruddur.Tests.Meter." + Guid.NewGuid().ToString("N")[..8];
        using (var meter = new System.Diagnostics.Metrics.Meter(meterName))
        using (var meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("cruddur-api"))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(server.Url, "/v1/metrics");
            })
            .Build())
        {
            meter.CreateCounter<long>(SinkMeter.RollbarItemsSent, "{item}").Add(3);
            meter.CreateCounter<long>(SinkMeter.HoneycombEventsSent, "{event}").Add(40);
            Assert.True(meterProvider.ForceFlush(5000));
        }

        var report = await server.WaitForAsync<SpendReport>("/api/spend?window=600",
            r => r.Sinks.Single(s => s.Sink == "rollbar").Run == 3);

        Assert.Equal(40, report.Sinks.Single(s => s.Sink == "honeycomb").Run);
    }
}
