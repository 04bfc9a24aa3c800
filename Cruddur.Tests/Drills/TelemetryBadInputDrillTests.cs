using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Cruddur.Insights.Api;
using Cruddur.Tests.Insights;
using Cruddur.Tests.Support;
using Cruddur.Tests.XRayDaemon;
using Google.Protobuf;

namespace Cruddur.Tests.Drills;

/// <summary>
/// Malformed telemetry (fixed seed) into the real receivers: random and mutated OTLP protobuf and bad
/// OTLP JSON into the dashboard, garbage datagrams into the X-Ray daemon. Refused and counted, nothing
/// crashes, and valid data sent afterwards is still taken.
/// </summary>
[Collection(DrillsCollection.Name)]
public sealed partial class TelemetryBadInputDrillTests
{
    private const int Seed = 8;
    private const string Header = "{\"format\": \"json\", \"version\": 1}\n";
    private static readonly string[] Signals = ["/v1/traces", "/v1/logs", "/v1/metrics"];

    [Fact]
    public async Task MalformedOtlp_RefusedWith4xxAndCounted_NoFiveHundreds_ValidTraceStillStored()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var dashboard = await InsightsServer.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = dashboard.HttpUrl };
        var random = new Random(Seed);
        var valid = OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId()).ToByteArray();
        var validJson = JsonFormatter.Default.Format(OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId()));
        var statuses = new List<int>();
        var grpcRefused = 0;

        for (var i = 0; i < 300; i++)
        {
            var (body, contentType) = (i % 3) switch
            {
                0 => (RandomBytes(random, random.Next(1, 4096)), "application/x-protobuf"),
                1 => (Mutate(random, valid), "application/x-protobuf"),
                _ => (Mutate(random, Encoding.UTF8.GetBytes(validJson)), "application/json"),
            };
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new(contentType);
            using var response = await client.PostAsync(Signals[(i / 3) % Signals.Length], content, cancellation);
            statuses.Add((int)response.StatusCode);

            if (i % 10 == 0)
            {
                var (status, _, _) = await GrpcCall.SendRawAsync(dashboard.GrpcUrl, GrpcCall.TraceExport, GrpcCall.Frame(body, gzip: false));
                grpcRefused += status == 0 ? 0 : 1;
            }
        }

        Assert.All(statuses, status => Assert.Contains(status, new[] { 200, 400, 413, 415 }));
        var refused = statuses.Count(status => status >= 400);
        Assert.InRange(refused, 150, 300);
        Assert.Equal(refused + grpcRefused, dashboard.Service<Cruddur.Insights.Otlp.OtlpReceiver>().Rejected);
        var traceId = OtlpSamples.NewTraceId();
        using var good = new ByteArrayContent(OtlpSamples.OneTrace("cruddur-api", traceId).ToByteArray());
        good.Headers.ContentType = new("application/x-protobuf");
        using var accepted = await client.PostAsync("/v1/traces", good, cancellation);
        Assert.Equal(200, (int)accepted.StatusCode);
        await dashboard.WaitForAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", _ => true);
    }

    [Fact]
    public async Task GarbageDatagrams_RejectedAndCounted_DaemonAlive_ValidSegmentForwardedAfter()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var xray = await FakeXRay.StartAsync(cancellation);
        await using var daemon = await DaemonProcess.StartForwardingAsync(xray, cancellation);
        using var udp = new UdpClient();
        var random = new Random(Seed);
        const int Garbage = 400;

        for (var i = 0; i < Garbage; i++)
        {
            var datagram = (i % 4) switch
            {
                0 => RandomBytes(random, i % 40 == 0 ? 60_000 : random.Next(1, 4_000)),
                // A header broken by one byte: always invalid, because the newline or a quote goes.
                1 => Encoding.UTF8.GetBytes(Header.Remove(random.Next(Header.Length - 1), 1) + "{\"id\":\"x\"}").Where(b => b != (byte)'\n').ToArray(),
                2 => Encoding.UTF8.GetBytes(Header),
                _ => [.. RandomBytes(random, 8), (byte)'\n', .. Encoding.UTF8.GetBytes("{\"id\":\"y\"}")],
            };
            await udp.SendAsync(datagram, daemon.Udp, cancellation);
            if (i % 20 == 19)
            {
                // Paced, so the kernel's receive buffer rarely overflows before the daemon reads.
                await Task.Delay(5, cancellation);
            }
        }

        var document = $$"""{"name":"cruddur-api","id":"{{0x5EED:x16}}","trace_id":"1-6b01c8a1-e8c8626ee22cc7f0df72fa03","start_time":1795280000.5,"end_time":1795280000.6}""";
        await udp.SendAsync(Encoding.UTF8.GetBytes(Header + document), daemon.Udp, cancellation);

        var counts = await daemon.WaitForLineAsync(line => line.Contains("received=1 sent=1 ", StringComparison.Ordinal), cancellation);
        // UDP: a datagram the kernel dropped on a busy machine never reaches the daemon to be counted.
        Assert.InRange(int.Parse(Rejected().Match(counts).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Garbage * 95 / 100, Garbage);
        Assert.Equal([document], xray.Documents);
        Assert.False(daemon.HasExited);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Truncated, with a few bytes replaced, or with random bytes spliced in.</summary>
    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = valid.ToList();
        switch (random.Next(3))
        {
            case 0:
                return [.. bytes.Take(random.Next(1, bytes.Count))];
            case 1:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }

                return [.. bytes];
            default:
                bytes.InsertRange(random.Next(bytes.Count), RandomBytes(random, random.Next(1, 16)));
                return [.. bytes];
        }
    }

    [GeneratedRegex(@"rejected=(\d+)")]
    private static partial Regex Rejected();
}
