using Cruddur.Tests.Support;
namespace Cruddur.Tests.Gateway;

public sealed class GatewayTraceTests
{
    [Fact]
    public async Task Request_ThroughGatewayToApi_MakesOneTraceOfThreeLinkedSpansWithRealClientAddress()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpHttpReceiver.StartAsync(cancel);
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_SERVICE_NAME"] = "api",
        }, cancel);
        string gatewayPort;
        using (var gateway = GatewayHost.Start(api.Address, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }))
        {
            gatewayPort = gateway.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A bare socket, so the only spans of the trace are the gateway's and the api's.
            // A forged X-Forwarded-For too: the api's span must still name the real client.
            await RawHttpClient.GetAsync(gateway.Address, "/api/activities/home", cancel, "X-Forwarded-For: 203.0.113.7");
        }

        // Disposing the gateway flushed its spans; the api exports every 100 ms.
        var spans = await receiver.WaitForAsync(
            all => all.Any(span => span.ServiceName == "api" && span.Attributes.GetValueOrDefault("url.path") == "/api/activities/home"),
            TimeSpan.FromSeconds(10), cancel);

        // Tests run in parallel in this process, and every in-process gateway listens to all of it:
        // pick this gateway's server span by its port.
        var gatewayServer = Assert.Single(spans, span => span.ServiceName == "gateway"
            && span.Name == "GET /api/activities/home" && span.Attributes.GetValueOrDefault("server.port") == gatewayPort);
        var trace = spans.Where(span => span.TraceId == gatewayServer.TraceId).ToList();
        // The chain of three, plus the api's own span for the feed it built.
        Assert.Equal(4, trace.Count);
        Assert.Equal(ReceivedSpan.KindServer, gatewayServer.Kind);
        Assert.Equal("", gatewayServer.ParentSpanId);
        var forwarder = Assert.Single(trace, span => span.ParentSpanId == gatewayServer.SpanId);
        Assert.Equal(("gateway", ReceivedSpan.KindClient), (forwarder.ServiceName, forwarder.Kind));
        Assert.Equal($"{api.Address}api/activities/home", forwarder.Attributes["url.full"]);
        var apiServer = Assert.Single(trace, span => span.ParentSpanId == forwarder.SpanId);
        Assert.Equal(("api", ReceivedSpan.KindServer), (apiServer.ServiceName, apiServer.Kind));
        Assert.Equal("/api/activities/home", apiServer.Attributes["url.path"]);
        Assert.Equal("127.0.0.1", apiServer.Attributes["client.address"]);
        var feedSpan = Assert.Single(trace, span => span.ParentSpanId == apiServer.SpanId);
        Assert.Equal(("api", "home-activities-mock-data"), (feedSpan.ServiceName, feedSpan.Name));
    }
}
