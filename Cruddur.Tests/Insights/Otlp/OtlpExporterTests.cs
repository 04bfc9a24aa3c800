using System.Diagnostics;
using Cruddur.Insights.Api;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cruddur.Tests.Insights.Otlp;

/// <summary>The real .NET OTLP exporter, over both protocols, against the real dashboard.</summary>
public sealed class OtlpExporterTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private InsightsServer Server => fixture.Server;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task DotNetExporter_TracesAndLogs_ArriveInTheDashboard(OtlpExportProtocol protocol)
    {
        var service = $"cruddur-api-{protocol}".ToLowerInvariant();
        var sourceName = "Cruddur.Tests.Exporter." + protocol;
        using var source = new ActivitySource(sourceName);
        string traceId;
        using (var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
            .AddOtlpExporter(o => Configure(o, protocol, "/v1/traces"))
            .Build())
        using (var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service));
            o.AddOtlpExporter(e => Configure(e, protocol, "/v1/logs"));
        })))
        {
            using (var root = source.StartActivity("GET /api/activities/home", ActivityKind.Server)!)
            {
                root.SetTag("http.route", "/api/activities/home");
                using var child = source.StartActivity("HomeActivities.run")!;
                child.SetStatus(ActivityStatusCode.Error, "no cruds");
                loggerFactory.CreateLogger("HomeActivities").LogWarning("Home activities for {User} failed", "andrewbrown");
                traceId = root.TraceId.ToHexString();
            }
            Assert.True(tracerProvider.ForceFlush(5000));
        }

        var trace = await Server.WaitForAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", t => t.Spans.Count == 2);
        Assert.Equal(["GET /api/activities/home", "HomeActivities.run"], trace.Spans.Select(s => s.Name));
        Assert.All(trace.Spans, s => Assert.Equal(service, s.Service));
        Assert.True(trace.HasError);
        var logs = await Server.WaitForAsync<LogPage>($"/api/telemetry/logs?traceId={traceId}", p => p.Total == 1);
        Assert.Equal("Warning", logs.Items[0].Level);
        Assert.Contains("andrewbrown", logs.Items[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task DotNetExporter_Histogram_ArrivesWithPercentiles(OtlpExportProtocol protocol)
    {
        var service = $"cruddur-metrics-{protocol}".ToLowerInvariant();
        var meterName = "Cruddur.Tests.Meter." + protocol;
        using (var meter = new System.Diagnostics.Metrics.Meter(meterName))
        using (var meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
            .AddOtlpExporter(o => Configure(o, protocol, "/v1/metrics"))
            .Build())
        {
            var duration = meter.CreateHistogram<double>("http.server.request.duration", "ms");
            for (var i = 1; i <= 100; i++)
            {
                duration.Record(i);
            }
            Assert.True(meterProvider.ForceFlush(5000));
        }

        var points = await Server.WaitForAsync<InstrumentPoints>($"/api/telemetry/metrics?service={service}&name=http.server.request.duration", _ => true);
        var histogram = points.Points[^1].Histogram!;
        Assert.Equal(100UL, histogram.Count);
        Assert.InRange(histogram.P50, 25, 75);
        Assert.InRange(histogram.P99, 75, 100);
    }

    private void Configure(OtlpExporterOptions options, OtlpExportProtocol protocol, string httpPath)
    {
        options.Protocol = protocol;
        options.Endpoint = protocol == OtlpExportProtocol.Grpc ? Server.GrpcUrl : new Uri(Server.HttpUrl, httpPath);
    }
}
