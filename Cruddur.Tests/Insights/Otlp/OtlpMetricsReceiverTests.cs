using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Storage;
using Google.Protobuf;

namespace Cruddur.Tests.Insights.Otlp;

/// <summary>POST /v1/metrics: the services' counters in, as OTLP/HTTP; nothing else of OTLP is received.</summary>
public sealed class OtlpMetricsReceiverTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private InsightsServer Server => fixture.Server;

    [Theory]
    [InlineData("application/x-protobuf", false)]
    [InlineData("application/x-protobuf", true)]
    [InlineData("application/json", false)]
    [InlineData("application/json", true)]
    public async Task PostMetrics_EachEncoding_CounterPointsStored(string contentType, bool gzip)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var request = OtlpSamples.Metrics(service, OtlpSamples.Counter("cruddur.rollbar.items.sent", 1, 3, 7));
        var body = contentType == "application/json" ? Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)) : request.ToByteArray();

        using var response = await PostAsync("/v1/metrics", body, contentType, gzip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var (instrument, points) = Server.Service<MetricStore>().Find(service, "cruddur.rollbar.items.sent")!.Value;
        Assert.Equal("counter", instrument.Type);
        Assert.Equal([1d, 3d, 7d], points.Select(p => p.Value));
    }

    [Fact]
    public async Task PostMetrics_BodyOver4MB_Returns413()
    {
        using var response = await PostAsync("/v1/metrics", new byte[(4 * 1024 * 1024) + 1], "application/x-protobuf", gzip: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostMetrics_GzipThatExpandsOver4MB_Returns413()
    {
        using var response = await PostAsync("/v1/metrics", new byte[5 * 1024 * 1024], "application/x-protobuf", gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("application/x-protobuf", "not a protobuf message at all \u00ff\u00ff\u00ff")]
    [InlineData("application/json", "{\"resourceMetrics\": [ {")]
    [InlineData("application/json", "[1,2,3]")]
    public async Task PostMetrics_MalformedPayload_Returns400WithProblem(string contentType, string body)
    {
        using var response = await PostAsync("/v1/metrics", Encoding.UTF8.GetBytes(body), contentType, gzip: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostMetrics_NotGzipButSaysGzip_Returns400()
    {
        using var client = new HttpClient { BaseAddress = Server.Url };
        using var content = new ByteArrayContent([1, 2, 3, 4]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync("/v1/metrics", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostMetrics_TextPlain_Returns415()
    {
        using var response = await PostAsync("/v1/metrics", "hello"u8.ToArray(), "text/plain", gzip: false);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/traces")]
    [InlineData("/v1/logs")]
    [InlineData("/opentelemetry.proto.collector.trace.v1.TraceService/Export")]
    public async Task PostTracesOrLogs_NoReceiver_Returns404(string path)
    {
        var body = OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId()).ToByteArray();

        using var response = await PostAsync(path, body, "application/x-protobuf", gzip: false);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, Server.Service<TraceStore>().Count);
    }

    [Fact]
    public async Task PostMetrics_Refused_CountedAsRejected()
    {
        var before = Server.Service<OtlpMetricsReceiver>().Rejected;

        using var response = await PostAsync("/v1/metrics", "{"u8.ToArray(), "application/json", gzip: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(Server.Service<OtlpMetricsReceiver>().Rejected > before);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType, bool gzip)
    {
        using var client = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(10) };
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var stream = new GZipStream(compressed, CompressionLevel.Fastest))
            {
                stream.Write(body);
            }
            body = compressed.ToArray();
        }
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        return await client.PostAsync(path, content, TestContext.Current.CancellationToken);
    }
}
