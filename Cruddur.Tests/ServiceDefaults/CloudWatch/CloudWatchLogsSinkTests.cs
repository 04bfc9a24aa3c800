using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Cruddur.ServiceDefaults.CloudWatch;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.CloudWatch;

public sealed class CloudWatchLogsSinkTests
{
    internal static Dictionary<string, string?> SendTo(FakeCloudWatchLogs fake, string serviceName) => new()
    {
        [ServiceIdentity.ServiceNameSetting] = serviceName,
        [AwsEnvironment.AccessKeySetting] = "AKIDEXAMPLE",
        [AwsEnvironment.SecretKeySetting] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ["CloudWatch:Region"] = "us-east-1",
        ["CloudWatch:ServiceUrl"] = fake.Endpoint,
        ["CloudWatch:BatchPushInterval"] = "00:00:00.200",
        ["CloudWatch:FlushTimeout"] = "00:00:05",
        ["CloudWatch:MaxRetryDelay"] = "00:00:00.300",
    };

    [Fact]
    public async Task LogDuringRequest_EventJson_CarriesTraceIdsInW3CAndXRayForms()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        var seen = new TaskCompletionSource<(string TraceId, string SpanId)>();
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/cw-traced", (ILoggerFactory loggers) =>
            {
                using (loggers.CreateLogger("Cruddur.Tests.Crud").BeginScope(new Dictionary<string, object?> { ["CrudId"] = 42 }))
                {
                    loggers.CreateLogger("Cruddur.Tests.Crud").LogWarning(new EventId(7, "CrudSlow"), "crud {Handle} is slow", "andrewbrown");
                }

                seen.SetResult((Activity.Current!.TraceId.ToHexString(), Activity.Current.SpanId.ToHexString()));
                return "ok";
            }),
            SendTo(fake, "cruddur-cw-traced"));

        using var response = await service.Client.GetAsync("/cw-traced", TestContext.Current.CancellationToken);
        var (traceId, spanId) = await seen.Task;
        await fake.WaitForAsync(() => fake.Events("cruddur").Any(logEvent => logEvent.Message.Contains("is slow", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(fake.Events("cruddur").First(logEvent => logEvent.Message.Contains("is slow", StringComparison.Ordinal)).Message).RootElement;
        Assert.Equal(traceId, json.GetProperty("trace_id").GetString());
        Assert.Equal($"1-{traceId[..8]}-{traceId[8..]}", json.GetProperty("xray_trace_id").GetString());
        Assert.Equal(spanId, json.GetProperty("span_id").GetString());
        Assert.Equal("Warning", json.GetProperty("level").GetString());
        Assert.Equal("Cruddur.Tests.Crud", json.GetProperty("category").GetString());
        Assert.Equal("crud andrewbrown is slow", json.GetProperty("message").GetString());
        Assert.Equal("cruddur-cw-traced", json.GetProperty("service").GetString());
        Assert.Equal(7, json.GetProperty("event_id").GetInt32());
        Assert.Equal("andrewbrown", json.GetProperty("state").GetProperty("Handle").GetString());
        Assert.Contains(json.GetProperty("scopes").EnumerateArray(), scope => scope.ValueKind == JsonValueKind.Object
            && scope.TryGetProperty("CrudId", out var crudId) && crudId.GetInt32() == 42);
        var stream = Assert.Single(fake.Batches.Select(batch => batch.Stream).Distinct());
        Assert.Matches(@"^cruddur-cw-traced - \d{4}/\d{2}/\d{2}T\d{2}\.\d{2}\.\d{2} - .+$", stream);
    }

    [Fact]
    public async Task Shipping_PutLogEvents_MakesNoClientSpans()
    {
        using var clientSpans = new ActivityCollector("System.Net.Http");
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        var service = await TestService.StartAsync(
            app => app.MapGet("/cw-quiet", (ILoggerFactory loggers) =>
            {
                loggers.CreateLogger("Cruddur.Tests.Quiet").LogInformation("shipped without a span");
                return "ok";
            }),
            SendTo(fake, "cruddur-cw-quiet"));

        using var response = await service.Client.GetAsync("/cw-quiet", TestContext.Current.CancellationToken);
        await service.App.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        Assert.Contains(fake.Events("cruddur"), logEvent => logEvent.Message.Contains("shipped without a span", StringComparison.Ordinal));
        var port = new Uri(fake.Endpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(clientSpans.Stopped, span => span.GetTagItem("server.port")?.ToString() == port);
    }

    [Fact]
    public async Task GracefulStop_EventsQueuedBeforeTheInterval_AreFlushed()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        var settings = SendTo(fake, "cruddur-cw-flush");
        settings["CloudWatch:BatchPushInterval"] = "01:00:00";
        var service = await TestService.StartAsync(
            app => app.MapGet("/cw-flush", (ILoggerFactory loggers) =>
            {
                loggers.CreateLogger("Cruddur.Tests.Flush").LogInformation("last words before stop");
                return "ok";
            }),
            settings);

        using var response = await service.Client.GetAsync("/cw-flush", TestContext.Current.CancellationToken);
        Assert.Empty(fake.Events("cruddur"));
        await service.App.StopAsync(TestContext.Current.CancellationToken);

        Assert.Contains(fake.Events("cruddur"), logEvent => logEvent.Message.Contains("last words before stop", StringComparison.Ordinal));
        await service.DisposeAsync();
    }

    [Fact]
    public async Task SinkSlowAndQueueFull_Requests_AnswerPromptlyAndDropsAreCounted()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        fake.Mode = FakeCloudWatchMode.Slow;
        fake.SlowDelay = TimeSpan.FromSeconds(20);
        var settings = SendTo(fake, "cruddur-cw-overflow");
        settings["CloudWatch:MaxQueuedMessages"] = "50";
        settings["CloudWatch:FlushTimeout"] = "00:00:00.500";
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/cw-chatty", (ILoggerFactory loggers) =>
            {
                var logger = loggers.CreateLogger("Cruddur.Tests.Chatty");
                for (var i = 0; i < 500; i++)
                {
                    logger.LogInformation("chatty line {Line}", i);
                }

                return "ok";
            }),
            settings);

        using var warmUp = await service.Client.GetAsync("/alive", TestContext.Current.CancellationToken);
        var stopwatch = Stopwatch.StartNew();
        using var response = await service.Client.GetAsync("/cw-chatty", TestContext.Current.CancellationToken);
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Waiting on the sink would take the fake's 20 s.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"The request took {stopwatch.Elapsed}.");
        var shipper = service.App.Services.GetRequiredService<CloudWatchLogShipper>();
        // At most one batch in flight plus a full queue (50 each) got in; the rest of the 500 were dropped.
        Assert.InRange(shipper.Dropped, 500 - 2 * 50, 500);
    }

    [Fact]
    public async Task NoCredentialsOrDisabled_SinkReport_SaysOffAndWhy()
    {
        await using var service = await TestService.StartAsync(_ => { }, new Dictionary<string, string?> { ["CloudWatch:Enabled"] = "false" });

        var line = Assert.Single(service.App.Services.GetRequiredService<SinkReport>().Lines, line => line.Sink == CloudWatchExtensions.SinkName);
        Assert.False(line.On);
        Assert.Contains("CloudWatch:Enabled", line.Detail, StringComparison.Ordinal);
        Assert.Empty(service.App.Services.GetServices<ILoggerProvider>().OfType<CloudWatchLoggerProvider>());
    }

    [Fact]
    public async Task InvalidSetting_Start_FailsNamingTheSetting()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        var settings = SendTo(fake, "cruddur-cw-invalid");
        settings["CloudWatch:LogGroup"] = "bad group name!";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestService.StartAsync(_ => { }, settings));

        Assert.Contains("CloudWatch:LogGroup", error.Message, StringComparison.Ordinal);
    }
}
