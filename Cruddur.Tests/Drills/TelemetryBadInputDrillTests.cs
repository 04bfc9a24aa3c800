using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Storage;
using Cruddur.ServiceDefaults.XRay;
using Cruddur.Tests.Insights;
using Cruddur.Tests.Support;
using Cruddur.Tests.XRayDaemon;
using Google.Protobuf;

namespace Cruddur.Tests.Drills;

/// <summary>
/// Malformed telemetry (fixed seed) into the real receivers: random and mutated OTLP metrics (protobuf and
/// JSON) and mutated X-Ray document batches into Insights, garbage datagrams into the X-Ray daemon.
/// Refused and counted, nothing crashes, and valid data sent afterwards is still taken.
/// </summary>
[Collection(DrillsCollection.Name)]
public sealed partial class TelemetryBadInputDrillTests
{
    private const int Seed = 8;
    private const string Header = "{\"format\": \"json\", \"version\": 1}\n";

    [Fact]
    public async Task MalformedMetricsAndSegments_RefusedWith4xxAndCounted_NoFiveHundreds_ValidDataStillTaken()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var insights = await InsightsServer.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = insights.Url };
        var random = new Random(Seed);
        var metrics = OtlpSamples.Metrics("cruddur-api", OtlpSamples.Counter("cruddur.rollbar.items.sent", 1, 2));
        var valid = metrics.ToByteArray();
        var validJson = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(metrics));
        var validSegments = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { documents = new[] { """{"name":"cruddur-api","id":"53995c3f42cd8ad8"}""" } }));
        var metricStatuses = new List<int>();
        var segmentStatuses = new List<int>();

        for (var i = 0; i < 400; i++)
        {
            var (body, contentType, path) = (i % 4) switch
            {
                0 => (RandomBytes(random, random.Next(1, 4096)), "application/x-protobuf", "/v1/metrics"),
                1 => (Mutate(random, valid), "application/x-protobuf", "/v1/metrics"),
                2 => (Mutate(random, validJson), "application/json", "/v1/metrics"),
                _ => (Mutate(random, validSegments), "application/json", "/xray/segments"),
            };
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new(contentType);
            using var response = await client.PostAsync(path, content, cancellation);
            (path == "/v1/metrics" ? metricStatuses : segmentStatuses).Add((int)response.StatusCode);
        }

        Assert.All(metricStatuses.Concat(segmentStatuses), status => Assert.Contains(status, new[] { 200, 400, 413, 415 }));
        var refused = metricStatuses.Count(status => status >= 400);
        Assert.InRange(refused, 100, 300);
        Assert.InRange(segmentStatuses.Count(status => status >= 400), 10, 100);
        Assert.Equal(refused, insights.Service<OtlpMetricsReceiver>().Rejected);

        var service = "cruddur-after-" + Seed;
        using var good = new ByteArrayContent(OtlpSamples.Metrics(service, OtlpSamples.Counter("cruddur.rollbar.items.sent", 5)).ToByteArray());
        good.Headers.ContentType = new("application/x-protobuf");
        using var accepted = await client.PostAsync("/v1/metrics", good, cancellation);
        Assert.Equal(200, (int)accepted.StatusCode);
        Assert.NotNull(insights.Service<MetricStore>().Find(service, "cruddur.rollbar.items.sent"));
        var traceId = XRayTraceIds.NewTraceId(TimeProvider.System).ToHexString();
        var document = $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad9","trace_id":"1-{{traceId[..8]}}-{{traceId[8..]}}","start_time":1,"end_time":2}""";
        using var segments = new StringContent(JsonSerializer.Serialize(new { documents = new[] { document } }), Encoding.UTF8, "application/json");
        using var taken = await client.PostAsync("/xray/segments", segments, cancellation);
        Assert.Equal(200, (int)taken.StatusCode);
        await insights.WaitForAsync<JsonElement>($"/api/xray/segments/{traceId}", s => s.GetProperty("count").GetInt32() == 1);
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
