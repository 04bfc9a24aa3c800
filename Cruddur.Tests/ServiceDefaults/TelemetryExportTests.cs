using System.Diagnostics;
using System.Net;
using Cruddur.ServiceDefaults.Http;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults;

public sealed class TelemetryExportTests
{
    private static Dictionary<string, string?> ExportTo(OtlpHttpReceiver receiver, string serviceName) => new()
    {
        [ServiceIdentity.ServiceNameSetting] = serviceName,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    [Fact]
    public async Task GracefulShutdown_RequestInFlightWhenStopBegins_ItsSpanIsExported()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var service = await TestService.StartAsync(
            app => app.MapGet("/slow-crud", async () =>
            {
                entered.SetResult();
                await release.Task;
                return "done";
            }),
            ExportTo(receiver, "cruddur-shutdown-test"));
        var cancellation = TestContext.Current.CancellationToken;

        var inFlight = service.Client.GetStringAsync("/slow-crud", cancellation);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellation);
        var stopping = service.App.StopAsync(cancellation);
        release.SetResult();
        Assert.Equal("done", await inFlight);
        await stopping;
        // What app.Run() does after the server has drained: the host's disposal flushes the providers.
        await service.DisposeAsync();

        // The batch exporter waits 5 s between exports; only the flush gets it here now.
        Assert.Contains(receiver.Spans, span => span.ServiceName == "cruddur-shutdown-test" && span.Name == "GET /slow-crud");
    }

    [Fact]
    public async Task LogRecords_WrittenDuringARequest_CarryItsTraceAndSpanIds()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        var seen = new TaskCompletionSource<(string TraceId, string SpanId)>();
        var service = await TestService.StartAsync(
            app => app.MapGet("/logged-crud", (ILoggerFactory loggers) =>
            {
                loggers.CreateLogger("Cruddur.Tests.Handler").LogInformation("handling a crud");
                seen.SetResult((Activity.Current!.TraceId.ToHexString(), Activity.Current.SpanId.ToHexString()));
                return "ok";
            }),
            ExportTo(receiver, "cruddur-logs-test"));

        using var response = await service.Client.GetAsync("/logged-crud", TestContext.Current.CancellationToken);
        var (traceId, spanId) = await seen.Task;
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var handlerLog = Assert.Single(receiver.Logs, log => log.Body == "handling a crud");
        Assert.Equal((traceId, spanId), (handlerLog.TraceId, handlerLog.SpanId));
        var accessLog = Assert.Single(receiver.Logs, log => log.Category == AccessLogMiddleware.Category
            && log.ServiceName == "cruddur-logs-test");
        Assert.Equal(traceId, accessLog.TraceId);
        Assert.Matches(@"^\S+ 127\.0\.0\.1 GET http /logged-crud 200$", accessLog.Body);
        var serverSpan = Assert.Single(receiver.Spans, span => span.Name == "GET /logged-crud");
        Assert.Equal(traceId, serverSpan.TraceId);
        Assert.Equal(spanId, serverSpan.SpanId);
    }

    [Fact]
    public async Task HealthProbes_NeitherServerNorCallerSpansNorAccessLogExported()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        var service = await TestService.StartAsync(
            app => app.MapGet("/probed-crud", () => "ok"),
            ExportTo(receiver, "cruddur-probe-test"));

        foreach (var path in new[] { "/health", "/alive", "/probed-crud" })
        {
            using var response = await service.Client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        // Every host in a test process sees every other host's activities, so look by path. The test's
        // client is instrumented too: it stands in for a gateway's active health checks.
        var exported = receiver.Spans.Where(span => span.ServiceName == "cruddur-probe-test").ToList();
        Assert.Contains(exported, span => span.Name == "GET /probed-crud");
        Assert.Contains(exported, span => span.Kind == ReceivedSpan.KindClient
            && span.Attributes.GetValueOrDefault("url.full", "").EndsWith("/probed-crud", StringComparison.Ordinal));
        Assert.DoesNotContain(exported, span => span.Attributes.TryGetValue("url.path", out var path) && path is "/health" or "/alive");
        Assert.DoesNotContain(exported, span => span.Attributes.GetValueOrDefault("url.full", "") is var url
            && (url.EndsWith("/health", StringComparison.Ordinal) || url.EndsWith("/alive", StringComparison.Ordinal)));
        Assert.DoesNotContain(receiver.Logs, log => log.ServiceName == "cruddur-probe-test" && log.Body.Contains("/health"));
    }

    [Fact]
    public async Task Exporter_UsesServiceNameAndResourceAttributesFromSettings()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        var settings = ExportTo(receiver, "cruddur-resource-test");
        settings["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=ignored,team=cruddur%20core";
        var service = await TestService.StartAsync(app => app.MapGet("/resourced-crud", () => "ok"), settings);

        using var response = await service.Client.GetAsync("/resourced-crud", TestContext.Current.CancellationToken);
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        Assert.Contains(receiver.Spans, span => span.ServiceName == "cruddur-resource-test" && span.Name == "GET /resourced-crud");
        Assert.DoesNotContain(receiver.Spans, span => span.ServiceName == "ignored");
    }

    [Fact]
    public async Task SignalEndpoint_MetricsToAnotherReceiver_EachSignalArrivesWhereItsSettingSays()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        await using var metrics = await OtlpHttpReceiver.StartAsync(TestContext.Current.CancellationToken);
        var settings = ExportTo(receiver, "cruddur-signals-test");
        settings["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = $"{metrics.Endpoint.TrimEnd('/')}/v1/metrics";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
        var service = await TestService.StartAsync(app => app.MapGet("/signalled-crud", () => "ok"), settings);

        using var response = await service.Client.GetAsync("/signalled-crud", TestContext.Current.CancellationToken);
        // ASP.NET Core's routing meter: one of the framework meters the instrumentation listens to.
        await metrics.WaitForAsync(() => metrics.Counter("cruddur-signals-test", "aspnetcore.routing.match_attempts") > 0 ? "" : null,
            TimeSpan.FromSeconds(10));
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        Assert.Contains(receiver.Spans, span => span.ServiceName == "cruddur-signals-test" && span.Name == "GET /signalled-crud");
        Assert.Equal(0, receiver.Counter("cruddur-signals-test", "aspnetcore.routing.match_attempts"));
    }
}
