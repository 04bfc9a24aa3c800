using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

using Cruddur.Tests.Support;

namespace Cruddur.Tests.XRayDaemon;

public sealed class XRayDaemonTests
{
    private const string Header = "{\"format\": \"json\", \"version\": 1}\n";

    [Fact]
    public async Task Udp_120Documents_ForwardedSignedInBatchesOfAtMost50()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, ct);
        using var udp = new UdpClient();
        var sent = Enumerable.Range(0, 120).Select(Document).ToList();

        foreach (var document in sent)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(Header + document), daemon.Udp, ct);
        }

        await daemon.WaitForLineAsync(line => line.Contains("sent=120 ", StringComparison.Ordinal), ct);
        Assert.Empty(xray.Violations);
        Assert.Equal(sent.Order(), xray.Documents.Order());
        Assert.InRange(xray.Batches.Count, 3, 10);
        Assert.All(xray.Batches, batch => Assert.InRange(batch.Count, 1, 50));
    }

    [Fact]
    public async Task Udp_BadDatagrams_RejectedCountedGoodOneForwarded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, ct);
        using var udp = new UdpClient();
        string[] bad =
        [
            "{\"id\":\"no header at all\"}",
            "{\"format\": \"xml\", \"version\": 1}\n{\"id\":\"1\"}",
            "{\"format\": \"json\", \"version\": 2}\n{\"id\":\"2\"}",
            Header,
            "not json\n{\"id\":\"3\"}",
        ];

        foreach (var datagram in bad.Append(Header + Document(7)))
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(datagram), daemon.Udp, ct);
        }

        await daemon.WaitForLineAsync(line => line.Contains("received=1 sent=1 rejected=5 ", StringComparison.Ordinal), ct);
        Assert.Equal([Document(7)], xray.Documents);
    }

    [Fact]
    public async Task PutTraceSegments_ThrottledTwice_RetriedThenSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct, throttleFirst: 2);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, ct);
        using var udp = new UdpClient();

        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(1)), daemon.Udp, ct);

        await daemon.WaitForLineAsync(line => line.Contains("sent=1 ", StringComparison.Ordinal), ct);
        Assert.Equal(3, xray.Calls);
        Assert.Equal([Document(1)], xray.Documents);
    }

    [Fact]
    public async Task PutTraceSegments_AlwaysThrottled_DroppedAndCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct, throttleFirst: 100);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, ct);
        using var udp = new UdpClient();

        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(1)), daemon.Udp, ct);

        await daemon.WaitForLineAsync(line => line.Contains("sent=0 rejected=0 dropped=1 ", StringComparison.Ordinal), ct);
        Assert.Equal(4, xray.Calls);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task Queue_XRayStuckAndBufferFull_OldestDroppedAndCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct, throttleFirst: 1000);
        // -m 1: a 1 MB buffer holds 16 datagram slots.
        await using var daemon = await DaemonProcess.StartAsync(DaemonProcess.WithFakeCredentials(DaemonProcess.StartInfo(
            "-o", "-m", "1", "-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--endpoint", xray.Address.ToString(), "--stats-interval", "1")), ct);
        using var udp = new UdpClient();

        for (var i = 0; i < 200; i++)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(i)), daemon.Udp, ct);
        }

        var line = await daemon.WaitForLineAsync(line => line.Contains("received=200 ", StringComparison.Ordinal), ct);
        var dropped = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"dropped=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // At most one batch of 50 is in flight and 16 wait; everything older was pushed out.
        Assert.InRange(dropped, 200 - 50 - 16, 200);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task PutTraceSegments_UnprocessedReply_RecordedAndCounted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, ct);
        using var udp = new UdpClient();

        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + """{"id":"0000000000000abc","name":"unprocessable"}"""), daemon.Udp, ct);
        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(2)), daemon.Udp, ct);

        await daemon.WaitForLineAsync(line => line.Contains("sent=1 ", StringComparison.Ordinal) && line.Contains("unprocessed=1", StringComparison.Ordinal), ct);
        Assert.Contains(daemon.Lines, line => line.Contains("Unprocessed segment 0000000000000abc: InvalidSegment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TcpProxy_GetSamplingRules_ForwardedSignedAndAnswered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, ct);
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });

        using var response = await http.PostAsync(new Uri(daemon.Tcp, "/GetSamplingRules"), new StringContent("{}", Encoding.UTF8, "application/json"), ct);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(FakeXRay.SamplingRulesReply, await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(["/GetSamplingRules"], xray.ProxiedPaths);
    }

    [Fact]
    public async Task NoCredentials_WarnsOnceCountsAndServesLocally()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(ct);
        await using var daemon = await DaemonProcess.StartAsync(
            DaemonProcess.StartInfo("-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--endpoint", xray.Address.ToString(), "--stats-interval", "1"), ct);
        using var udp = new UdpClient();
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });

        for (var i = 0; i < 3; i++)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(Header + Document(i)), daemon.Udp, ct);
        }

        await daemon.WaitForLineAsync(line => line.Contains("received=3 sent=0 rejected=0 dropped=0", StringComparison.Ordinal), ct);
        using var proxied = await http.PostAsync(new Uri(daemon.Tcp, "/GetSamplingRules"), new StringContent("{}"), ct);
        await Task.Delay(1500, ct);

        Assert.Single(daemon.Lines, line => line.Contains("Local-only mode", StringComparison.Ordinal));
        Assert.Contains(daemon.Lines, line => line.Contains("no AWS credentials", StringComparison.Ordinal) && line.Contains("no AWS region", StringComparison.Ordinal));
        Assert.Equal(503, (int)proxied.StatusCode);
        Assert.Equal(0, xray.Calls);
        Assert.False(daemon.HasExited);
        // Counts are logged only when they change: one line for the three documents, no repeats.
        Assert.Single(daemon.Lines, line => line.Contains("Counts:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-b", "not-an-address")]
    [InlineData("-m", "0")]
    [InlineData("--endpoint", "ftp://x")]
    public async Task CommandLine_BadFlag_ExitsTwoWithUsage(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = Process.Start(DaemonProcess.StartInfo(args))!;

        var errors = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Usage: Cruddur.XRayDaemon", errors, StringComparison.Ordinal);
    }

    private static string Document(int index) =>
        $$"""{"name":"cruddur-api","id":"{{index:x16}}","trace_id":"1-6b01c8a1-e8c8626ee22cc7f0df72fa03","start_time":1795280000.5,"end_time":1795280000.6}""";
}
