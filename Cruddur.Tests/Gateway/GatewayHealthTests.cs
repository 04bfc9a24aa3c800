using Cruddur.Tests.Support;
using System.Net;

namespace Cruddur.Tests.Gateway;

/// <summary>The gateway's own probes and YARP's active health checks of the api.</summary>
public sealed class GatewayHealthTests
{
    private static readonly Dictionary<string, string?> FastHealthChecks = new()
    {
        ["ReverseProxy:Clusters:api:HealthCheck:Active:Interval"] = "00:00:00.200",
        ["ReverseProxy:Clusters:api:HealthCheck:Active:Timeout"] = "00:00:00.500",
    };

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Probe_Gateway_AnswersHealthyWithoutForwarding(string path)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();

        using var response = await client.GetAsync(path, cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(cancel));
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task ActiveHealthCheck_ApiStopped_Returns503ProblemDetails()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address, FastHealthChecks);
        using var client = gateway.CreateGatewayClient();
        await WaitUntilAsync(() => upstream.HealthProbes >= 1, cancel);
        await upstream.StopAsync();

        // Two failed probes (the ConsecutiveFailures default) mark the only destination unhealthy.
        HttpResponseMessage? response = null;
        for (var i = 0; i < 50; i++)
        {
            response?.Dispose();
            response = await client.GetAsync("/api/activities/home", cancel);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                break;
            }

            await Task.Delay(100, cancel);
        }

        using (response)
        {
            var problem = await GatewayProtectionTests.AssertProblemAsync(response!, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("The gateway's health checks find no healthy api to forward to; retry shortly.", problem.Detail);
        }
    }

    [Fact]
    public async Task ActiveHealthCheck_ProbesApiHealth_AndExportsNoProbeSpans()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpHttpReceiver.StartAsync(cancel);
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        var settings = new Dictionary<string, string?>(FastHealthChecks)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        using (var gateway = GatewayHost.Start(upstream.Address, settings))
        {
            await WaitUntilAsync(() => upstream.HealthProbes >= 3, cancel);
            // One forwarded request, so the test also sees that client spans are exported at all.
            await RawHttpClient.GetAsync(gateway.Address, "/api/activities/home", cancel);
        }

        static bool IsForwardedHome(ReceivedSpan span) => span.ServiceName == "gateway" && span.Kind == ReceivedSpan.KindClient
            && span.Attributes.GetValueOrDefault("url.full", "").EndsWith("/api/activities/home", StringComparison.Ordinal);
        var received = await receiver.WaitForAsync(all => all.Any(IsForwardedHome), TimeSpan.FromSeconds(10), cancel);
        var spans = received.Where(span => span.ServiceName == "gateway").ToList();
        Assert.Contains(spans, IsForwardedHome);
        Assert.DoesNotContain(spans, span => span.Attributes.GetValueOrDefault("url.full", "").EndsWith("/health", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancel)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, cancel);
        }

        Assert.True(condition(), "the condition did not hold within 5 s");
    }
}
