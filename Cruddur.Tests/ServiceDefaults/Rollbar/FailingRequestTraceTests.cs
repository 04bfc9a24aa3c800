using System.Net;
using System.Text.Json;
using Cruddur.Tests.ServiceDefaults.CloudWatch;
using Cruddur.Tests.ServiceDefaults.Honeycomb;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.Rollbar;

public sealed class FailingRequestTraceTests
{
    private const string HoneycombKey = "hcCrossSinkKey01234567";

    [Fact]
    public async Task FailingRequest_AllSinksConfigured_OneTraceIdLeadsFromRollbarItemToSpansAndLogLines()
    {
        await using var otlp = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
        await using var rollbar = await FakeRollbar.StartAsync("post_server_item_cross_sink");
        var settings = CloudWatchLogsSinkTests.SendTo(cloudWatch, "cruddur-cross-sink");
        foreach (var (name, value) in HoneycombTests.SendTo(honeycomb.Endpoint, HoneycombKey, "cruddur-cross-sink"))
        {
            settings[name] = value;
        }

        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["ROLLBAR_ACCESS_TOKEN"] = "post_server_item_cross_sink";
        settings["Rollbar:Endpoint"] = rollbar.Endpoint;
        var service = await TestService.StartAsync(
            app => app.MapGet("/cross-sink/crud", IResult (ILoggerFactory loggers) =>
            {
                loggers.CreateLogger("Cruddur.Tests.CrossSink").LogWarning("about to fail a crud");
                throw new InvalidOperationException("the crud store is down");
            }),
            settings);

        using var response = await service.Client.GetAsync("/cross-sink/crud", TestContext.Current.CancellationToken);
        var item = await rollbar.WaitForItemAsync(data => data["request"]?["url"]?.ToString().EndsWith("/cross-sink/crud", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10));
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var traceId = item["custom"]!["trace_id"]!.ToString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Contains(otlp.Spans, span => span.TraceId == traceId && span.Name == "GET /cross-sink/crud");
        Assert.Contains(honeycomb.Spans, span => span.TraceId == traceId && span.Name == "GET /cross-sink/crud");
        var logLines = cloudWatch.Events("cruddur").Select(logEvent => JsonDocument.Parse(logEvent.Message).RootElement)
            .Where(line => line.TryGetProperty("trace_id", out var id) && id.GetString() == traceId)
            .Select(line => line.GetProperty("message").GetString())
            .ToList();
        Assert.Contains("about to fail a crud", logLines);
        Assert.Contains(otlp.Logs, log => log.TraceId == traceId && log.Body == "about to fail a crud");
    }
}
