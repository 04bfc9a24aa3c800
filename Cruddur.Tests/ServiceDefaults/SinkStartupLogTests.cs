using Cruddur.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults;

public sealed class SinkStartupLogTests
{
    private static readonly string[] Sinks = ["OTLP", "Insights", "Honeycomb", "X-Ray", "CloudWatch Logs", "Rollbar"];

    [Fact]
    public async Task Start_NothingConfigured_OneLinePerSinkSaysOffAndWhy()
    {
        var logs = new LogCapture();
        await using var service = await TestService.StartAsync(_ => { }, configure: builder => builder.Logging.AddProvider(logs));

        foreach (var sink in Sinks)
        {
            var line = Assert.Single(logs.Lines, line => line.Message.StartsWith($"{sink}: ", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Information, line.Level);
            Assert.StartsWith($"{sink}: off (", line.Message, StringComparison.Ordinal);
        }

        Assert.Contains(logs.Lines, line => line.Message == "Honeycomb: off (HONEYCOMB_API_KEY is not set)");
    }

    [Fact]
    public async Task Start_SecretsSet_SinksSayOnWithoutPrintingThem()
    {
        const string honeycombKey = "hcStartupSecret0123456";
        const string rollbarToken = "post_server_item_startup_secret";
        const string otlpKey = "x-otlp-api-key=startup-secret";
        var logs = new LogCapture();
        await using var service = await TestService.StartAsync(_ => { }, new Dictionary<string, string?>
        {
            ["HONEYCOMB_API_KEY"] = honeycombKey,
            // Unreachable on purpose: only the start-up lines matter here.
            ["HONEYCOMB_ENDPOINT"] = "http://127.0.0.1:9",
            ["ROLLBAR_ACCESS_TOKEN"] = rollbarToken,
            ["Rollbar:Endpoint"] = "http://127.0.0.1:9/api/1/item/",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = otlpKey,
        }, builder => builder.Logging.AddProvider(logs));

        Assert.Single(logs.Lines, line => line.Message.StartsWith("Honeycomb: on (", StringComparison.Ordinal));
        Assert.Single(logs.Lines, line => line.Message.StartsWith("Rollbar: on (", StringComparison.Ordinal));
        Assert.Single(logs.Lines, line => line.Message == "OTLP: on (http://127.0.0.1:9 (grpc))");
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(honeycombKey, StringComparison.Ordinal)
            || line.Message.Contains(rollbarToken, StringComparison.Ordinal) || line.Message.Contains("startup-secret", StringComparison.Ordinal));
    }
}
