using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cruddur.ServiceDefaults.Honeycomb;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.ServiceDefaults.CloudWatch;
using Cruddur.Tests.ServiceDefaults.Honeycomb;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults;

/// <summary>
/// A sink's own HTTP calls must never become telemetry: exporting would make spans and log lines to
/// export, a loop that runs for as long as the service does.
/// </summary>
public sealed class SinkCallsTests
{
    private const string HoneycombKey = "hcSinkCallsKey0123456";
    private const string RollbarToken = "post_server_item_sink_calls";
    private const string ServiceName = "cruddur-sink-calls";

    [Fact]
    public async Task EverySinkOn_TheirOwnCalls_MakeNoSpansAndNoLogLines()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var clientSpans = new ActivityCollector("System.Net.Http");
        await using var otlp = await OtlpHttpReceiver.StartAsync(cancellation);
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
        await using var rollbar = await FakeRollbar.StartAsync(RollbarToken);
        await using var xRayRules = await SamplingRulesEndpoint.StartAsync(cancellation);
        using var xRaySegments = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var settings = CloudWatchLogsSinkTests.SendTo(cloudWatch, ServiceName);
        foreach (var (name, value) in HoneycombTests.SendTo(honeycomb.Endpoint, HoneycombKey, ServiceName))
        {
            settings[name] = value;
        }

        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["ROLLBAR_ACCESS_TOKEN"] = RollbarToken;
        settings["Rollbar:Endpoint"] = rollbar.Endpoint;
        settings["AWS_XRAY_DAEMON_ADDRESS"] =
            $"tcp:127.0.0.1:{xRayRules.Port} udp:127.0.0.1:{((IPEndPoint)xRaySegments.Client.LocalEndPoint!).Port}";
        var logs = new LogCapture();
        var service = await TestService.StartAsync(
            app => app.MapGet("/sink-calls/crud", IResult (ILoggerFactory loggers) =>
            {
                loggers.CreateLogger("Cruddur.Tests.SinkCalls").LogWarning("a crud went wrong");
                throw new InvalidOperationException("the crud store is down");
            }),
            settings,
            builder => builder.Logging.AddProvider(logs));

        using var response = await service.Client.GetAsync("/sink-calls/crud", cancellation);
        // Every sink has called out at least once: an item, a log batch, the key check, the rules, and a
        // metric export over the exporters' own client (which carries the item's count).
        await rollbar.WaitForItemAsync(_ => true, TimeSpan.FromSeconds(10));
        await cloudWatch.WaitForAsync(() => cloudWatch.Events("cruddur").Any(), TimeSpan.FromSeconds(10));
        await logs.WaitForAsync(line => line.Category.EndsWith(nameof(HoneycombAuthCheck), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await xRayRules.Called.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellation);
        await otlp.WaitForAsync(() => otlp.Counter(ServiceName, SinkMeter.RollbarItemsSent) > 0 ? "" : null, TimeSpan.FromSeconds(15));
        await service.App.StopAsync(cancellation);
        await service.DisposeAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        string[] sinkPorts = [.. new[] { honeycomb.Endpoint, cloudWatch.Endpoint, rollbar.Endpoint, otlp.Endpoint }
            .Select(endpoint => new Uri(endpoint).Port.ToString(CultureInfo.InvariantCulture)), xRayRules.Port.ToString(CultureInfo.InvariantCulture)];
        // Client spans only: the fakes run in this process, so their server spans are exported too.
        bool CallsASink(ReceivedSpan span) =>
            span.Kind == ReceivedSpan.KindClient && sinkPorts.Contains(span.Attributes.GetValueOrDefault("server.port"));
        Assert.DoesNotContain(otlp.Spans, CallsASink);
        Assert.DoesNotContain(honeycomb.Spans, CallsASink);
        // The sinks' own clients (not the OTLP exporters', which the SDK silences) make no activity at all.
        Assert.DoesNotContain(clientSpans.Stopped, span => sinkPorts.Contains(span.GetTagItem("server.port")?.ToString())
            && span.GetTagItem("url.full") is string url && !url.EndsWith("/v1/traces", StringComparison.Ordinal)
            && !url.StartsWith(otlp.Endpoint, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Information
            && (line.Category.StartsWith("System.Net.Http", StringComparison.Ordinal) || line.Category.StartsWith("Polly", StringComparison.Ordinal)));
    }

    /// <summary>Answers the daemon's <c>POST /GetSamplingRules</c> with the account's default rule.</summary>
    private sealed class SamplingRulesEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private SamplingRulesEndpoint(WebApplication app) => _app = app;

        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Port => new Uri(_app.Urls.First()).Port;

        public static async Task<SamplingRulesEndpoint> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var endpoint = new SamplingRulesEndpoint(app);
            app.MapPost("/GetSamplingRules", () =>
            {
                endpoint.Called.TrySetResult();
                return Results.Text(FakeXRay.SamplingRulesReply, "application/json");
            });
            app.MapPost("/SamplingTargets", () => Results.Text("""{"SamplingTargetDocuments":[],"UnprocessedStatistics":[]}""", "application/json"));
            await app.StartAsync(cancellationToken);
            return endpoint;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
