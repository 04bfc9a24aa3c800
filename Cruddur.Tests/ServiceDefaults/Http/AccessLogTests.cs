using System.Text.Json;
using Cruddur.ServiceDefaults.Http;
using Cruddur.Tests.ServiceDefaults.CloudWatch;
using Cruddur.Tests.Gateway;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.Http;

/// <summary>The access log, and every sink it reaches, when a request's path carries control characters.</summary>
public sealed class AccessLogTests
{
    // CR LF, then what a forged access-log line would say, then ESC [31m: red text on a terminal.
    private const string ForgingPath = "/crud%0D%0A2026-11-30T00:00:00Z%20127.0.0.1%20GET%20http%20/forged%20200%1B[31mred";
    private const string EscapedPath = @"/crud\x0D\x0A2026-11-30T00:00:00Z 127.0.0.1 GET http /forged 200\x1B[31mred";

    [Fact]
    public async Task AccessLog_PathWithCrLfAndEscape_ConsoleOtlpAndCloudWatchGetItEscaped()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpHttpReceiver.StartAsync(cancellation);
        await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
        var settings = CloudWatchLogsSinkTests.SendTo(cloudWatch, "cruddur-forged-path");
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        var console = new LogCapture();
        var service = await TestService.StartAsync(app => app.MapGet("/{**path}", () => "ok"), settings,
            builder => builder.Logging.AddProvider(console));

        var response = await RawHttpClient.SendAsync(service.App.Urls.Select(url => new Uri(url)).First(), "GET", ForgingPath, cancellation);
        await cloudWatch.WaitForAsync(() => cloudWatch.Events("cruddur").Any(logEvent => logEvent.Message.Contains("forged", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10));
        await service.App.StopAsync(cancellation);
        await service.DisposeAsync();

        Assert.Equal(200, response.Status);
        var line = Assert.Single(console.Lines, log => log.Category == AccessLogMiddleware.Category).Message;
        Assert.EndsWith($" GET http {EscapedPath} 200", line, StringComparison.Ordinal);
        var otlp = Assert.Single(receiver.Logs, log => log.Category == AccessLogMiddleware.Category && log.ServiceName == "cruddur-forged-path");
        Assert.EndsWith($" GET http {EscapedPath} 200", otlp.Body, StringComparison.Ordinal);
        var json = JsonDocument.Parse(cloudWatch.Events("cruddur").Single(logEvent => logEvent.Message.Contains(AccessLogMiddleware.Category,
            StringComparison.Ordinal)).Message).RootElement;
        Assert.EndsWith($" GET http {EscapedPath} 200", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(EscapedPath, json.GetProperty("state").GetProperty("FullPath").GetString());
        // Every value of the CloudWatch event (message, state, the request's scope), as CloudWatch shows them decoded.
        Assert.All([line, otlp.Body, .. Strings(json)], text => Assert.DoesNotContain(text, IsRawControl));
        // The hosting's request scope (RequestPath) is there too, percent-encoded as ASP.NET Core writes it.
        Assert.Contains(Strings(json), text => text.StartsWith("/crud%0D%0A", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessLog_PathWithCrLfAndEscapeThroughGateway_NoServiceConsoleGetsThemRaw()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>(), cancellation);
        await using var gateway = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["services__api__http__0"] = api.Address.ToString(),
        }, cancellation, "Cruddur.Gateway");

        var response = await RawHttpClient.SendAsync(gateway.Address, "GET", "/api" + ForgingPath + "?q=%0D%1B", cancellation);
        await WaitForAsync(() => api.Output.Contains("forged", StringComparison.Ordinal) && gateway.Output.Contains("forged", StringComparison.Ordinal));

        Assert.Equal(404, response.Status);
        foreach (var output in new[] { api.Output, gateway.Output })
        {
            Assert.Contains($" GET http /api{EscapedPath}?q=%0D%1B 404\n", output, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', output);
            Assert.DoesNotContain('\u001b', output);
        }
    }

    [Theory]
    [InlineData(null, "/ok", true)]
    [InlineData("true", "/ok", true)]
    [InlineData("false", "/ok", false)]
    [InlineData("false", "/missing", true)]
    [InlineData("false", "/fails", true)]
    public async Task AccessLog_SuccessesSetting_FalseLogsOnlyRequestsAnswered400AndAbove(string? successes, string path, bool logged)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?>();
        if (successes is not null)
        {
            settings[AccessLogMiddleware.SuccessesSetting] = successes;
        }

        var console = new LogCapture();
        await using var service = await TestService.StartAsync(app =>
        {
            app.MapGet("/ok", () => "ok");
            app.MapGet("/fails", () => Results.StatusCode(502));
        }, settings, builder => builder.Logging.AddProvider(console));

        var response = await RawHttpClient.SendAsync(service.App.Urls.Select(url => new Uri(url)).First(), "GET", path, cancellation);

        Assert.Equal(logged, console.Lines.Any(log => log.Category == AccessLogMiddleware.Category
            && log.Message.EndsWith($" GET http {path} {response.Status}", StringComparison.Ordinal)));
    }

    private static bool IsRawControl(char character) => char.IsControl(character) && character != '\n';

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
