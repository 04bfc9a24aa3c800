using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Logs;

namespace Cruddur.Tests.Insights.Otlp;

public sealed class OtlpGrpcIngestTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private InsightsServer Server => fixture.Server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExportTraces_Framed_OkWithEmptyReplyAndTraceStored(bool gzip)
    {
        var traceId = OtlpSamples.NewTraceId();

        var (status, _, body) = await GrpcCall.SendAsync(Server.GrpcUrl, GrpcCall.TraceExport, OtlpSamples.OneTrace("cruddur-api", traceId), gzip);

        Assert.Equal(0, status);
        Assert.Equal([0, 0, 0, 0, 0], body);
        Assert.NotNull(ExportTraceServiceResponse.Parser.ParseFrom(body.AsSpan(5).ToArray()));
        await Server.WaitForAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", t => t.Spans.Count == 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExportLogs_Framed_LogStored(bool gzip)
    {
        var traceId = OtlpSamples.NewTraceId();

        var (status, _, _) = await GrpcCall.SendAsync(Server.GrpcUrl, GrpcCall.LogsExport, OtlpSamples.Logs("cruddur-api", (SeverityNumber.Error, "db down", traceId)), gzip);

        Assert.Equal(0, status);
        var logs = await Server.WaitForAsync<LogPage>($"/api/telemetry/logs?traceId={traceId}", p => p.Total == 1);
        Assert.Equal("Error", logs.Items[0].Level);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExportMetrics_Framed_PointsStored(bool gzip)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];

        var (status, _, _) = await GrpcCall.SendAsync(Server.GrpcUrl, GrpcCall.MetricsExport, OtlpSamples.Metrics(service, OtlpSamples.Counter("crud.created", 5)), gzip);

        Assert.Equal(0, status);
        var points = await Server.WaitForAsync<InstrumentPoints>($"/api/telemetry/metrics?service={service}&name=crud.created", _ => true);
        Assert.Equal(5, points.Points.Single().Value);
    }

    [Fact]
    public async Task Export_GarbageMessage_InvalidArgument()
    {
        var (status, message, _) = await GrpcCall.SendRawAsync(Server.GrpcUrl, GrpcCall.TraceExport, GrpcCall.Frame([0xff, 0xff, 0xff, 0xff, 0x0f], gzip: false));

        Assert.Equal(3, status);
        Assert.False(string.IsNullOrEmpty(message));
    }

    [Fact]
    public async Task Export_FrameLengthDisagreesWithBody_InvalidArgument()
    {
        var (status, _, _) = await GrpcCall.SendRawAsync(Server.GrpcUrl, GrpcCall.TraceExport, [0, 0, 0, 0, 9, 1, 2]);

        Assert.Equal(3, status);
    }

    [Fact]
    public async Task Export_MessageOver4MB_ResourceExhausted()
    {
        var (status, _, _) = await GrpcCall.SendRawAsync(Server.GrpcUrl, GrpcCall.TraceExport, GrpcCall.Frame(new byte[(4 * 1024 * 1024) + 10], gzip: false));

        Assert.Equal(8, status);
    }
}
