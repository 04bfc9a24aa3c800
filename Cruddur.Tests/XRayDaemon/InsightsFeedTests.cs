using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay;
using Cruddur.Tests.Insights;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.XRayDaemon;

/// <summary>The daemon passes what it receives to Insights, and never suffers when Insights does.</summary>
public sealed class InsightsFeedTests
{
    private const string Header = "{\"format\": \"json\", \"version\": 1}\n";
    private const string OtlpKey = "feed-otlp-key;=, with odd characters";

    [Fact]
    public async Task Udp_ValidAndInvalidDocuments_ShownOnInsightsWithItsOtlpKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var insights = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Otlp:ApiKey"] = OtlpKey });
        var start = DaemonProcess.StartInfo("-o", "-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--stats-interval", "1");
        // What Aspire's WithReference(insights) and the AppHost set.
        start.Environment["services__insights__http__0"] = insights.Url.ToString();
        start.Environment["Insights__OtlpApiKey"] = OtlpKey;
        await using var daemon = await DaemonProcess.StartAsync(start, ct);
        var traceId = XRayTraceIds.NewTraceId(TimeProvider.System);
        var xrayId = XRayTraceIds.ToXRayId(traceId);
        using var udp = new UdpClient();

        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(xrayId, "0000000000000001", "\"end_time\":2")), daemon.Udp, ct);
        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(xrayId, "0000000000000002", "\"in_progress\":false")), daemon.Udp, ct);

        var segments = await insights.WaitForAsync<JsonElement>($"/api/xray/segments/{xrayId}", s => s.GetProperty("count").GetInt32() == 2);
        Assert.Equal(1, segments.GetProperty("rejected").GetInt32());
        await daemon.WaitForLineAsync(line => line.Contains("shown=2 not_shown=0", StringComparison.Ordinal), ct);
        Assert.DoesNotContain(daemon.Lines, line => line.Contains(OtlpKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InsightsDown_DocumentsStillForwardedToXRay_NotShownCountedAndWarnedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        var closedPort = FreePort();
        await using var daemon = await DaemonProcess.StartAsync(DaemonProcess.WithFakeCredentials(DaemonProcess.StartInfo(
            "-o", "-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--endpoint", xray.Address.ToString(), "--stats-interval", "1",
            "--insights", $"http://127.0.0.1:{closedPort}")), ct);
        var xrayId = XRayTraceIds.ToXRayId(XRayTraceIds.NewTraceId(TimeProvider.System));
        using var udp = new UdpClient();

        for (var i = 1; i <= 60; i++)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(xrayId, i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), "\"end_time\":2")), daemon.Udp, ct);
        }

        await daemon.WaitForLineAsync(line => line.Contains("sent=60 ", StringComparison.Ordinal) && line.Contains("not_shown=60", StringComparison.Ordinal), ct, seconds: 30);
        Assert.Equal(60, xray.Documents.Count);
        Assert.Single(daemon.Lines, line => line.Contains("Insights does not take segment documents", StringComparison.Ordinal));
    }

    private static string Document(string xrayId, string id, string end) =>
        $$"""{"name":"cruddur-api","id":"{{id}}","trace_id":"{{xrayId}}","start_time":1,{{end}}}""";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
