using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp.Proto.Collector.Logs;
using Cruddur.Insights.Otlp.Proto.Logs;
using Google.Protobuf;

namespace Cruddur.Tests.Insights.Otlp;

public sealed class OtlpHttpIngestTests(InsightsFixture fixture) : IClassFixture<InsightsFixture>
{
    private InsightsServer Server => fixture.Server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PostTraces_Protobuf_TraceIsListed(bool gzip)
    {
        var traceId = OtlpSamples.NewTraceId();
        var response = await PostAsync("/v1/traces", OtlpSamples.OneTrace("cruddur-api", traceId).ToByteArray(), "application/x-protobuf", gzip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var trace = await Server.WaitForAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", _ => true);
        Assert.Equal("GET /api/activities/home", trace.Spans.Single().Name);
        Assert.Equal("cruddur-api", trace.Spans.Single().Service);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PostTraces_JsonWithHexIds_SpanTreeIsStored(bool gzip)
    {
        var traceId = OtlpSamples.NewTraceId();
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cruddur-web"}}]},
              "scopeSpans":[{"scope":{"name":"browser"},"spans":[
                {"traceId":"{{{traceId}}}","spanId":"1111111111111111","name":"documentLoad","kind":1,
                 "startTimeUnixNano":"{{{OtlpSamples.Now}}}","endTimeUnixNano":"{{{OtlpSamples.Now + 5_000_000}}}",
                 "attributes":[{"key":"http.url","value":{"stringValue":"http://localhost:3000/"}},{"key":"retries","value":{"intValue":"2"}}]},
                {"traceId":"{{{traceId}}}","spanId":"2222222222222222","parentSpanId":"1111111111111111","name":"fetch","kind":3,
                 "startTimeUnixNano":"{{{OtlpSamples.Now + 1_000_000}}}","endTimeUnixNano":"{{{OtlpSamples.Now + 2_000_000}}}","status":{"code":2,"message":"boom"}}
              ]}]}]}
            """;

        var response = await PostAsync("/v1/traces", Encoding.UTF8.GetBytes(json), "application/json", gzip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reply = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(reply.RootElement.EnumerateObject());
        var trace = await Server.WaitForAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", _ => true);
        Assert.True(trace.HasError);
        Assert.Equal(["documentLoad", "fetch"], trace.Spans.Select(s => s.Name));
        Assert.Equal("1111111111111111", trace.Spans[1].ParentSpanId);
        Assert.Equal(1, trace.Spans[1].Depth);
        Assert.Contains(trace.Spans[0].Attributes, a => a is { Key: "retries", Value: "2" });
        Assert.Equal("boom", trace.Spans[1].StatusMessage);
    }

    [Theory]
    [InlineData("application/x-protobuf", false)]
    [InlineData("application/x-protobuf", true)]
    [InlineData("application/json", false)]
    [InlineData("application/json", true)]
    public async Task PostLogs_EachEncoding_LogIsListed(string contentType, bool gzip)
    {
        var traceId = OtlpSamples.NewTraceId();
        var request = OtlpSamples.Logs("cruddur-api", (SeverityNumber.Warn, "slow query " + traceId, traceId));
        var body = contentType == "application/json" ? Encoding.UTF8.GetBytes(HexIds(JsonFormatter.Default.Format(request), request)) : request.ToByteArray();

        var response = await PostAsync("/v1/logs", body, contentType, gzip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = await Server.WaitForAsync<LogPage>($"/api/telemetry/logs?traceId={traceId}", p => p.Total == 1);
        Assert.Equal("Warning", logs.Items[0].Level);
        Assert.Equal("slow query " + traceId, logs.Items[0].Message);
    }

    [Theory]
    [InlineData("application/x-protobuf", false)]
    [InlineData("application/json", true)]
    public async Task PostMetrics_EachEncoding_InstrumentIsListed(string contentType, bool gzip)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var request = OtlpSamples.Metrics(service, OtlpSamples.Counter("http.server.requests", 1, 3, 7));
        var body = contentType == "application/json" ? Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)) : request.ToByteArray();

        var response = await PostAsync("/v1/metrics", body, contentType, gzip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var points = await Server.WaitForAsync<InstrumentPoints>($"/api/telemetry/metrics?service={service}&name=http.server.requests", _ => true);
        Assert.Equal("counter", points.Instrument.Type);
        Assert.Equal([1d, 3d, 7d], points.Points.Select(p => p.Value));
    }

    [Fact]
    public async Task Post_BodyOver4MB_Returns413()
    {
        var response = await PostAsync("/v1/traces", new byte[(4 * 1024 * 1024) + 1], "application/x-protobuf", gzip: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_GzipThatExpandsOver4MB_Returns413()
    {
        var response = await PostAsync("/v1/traces", new byte[5 * 1024 * 1024], "application/x-protobuf", gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("application/x-protobuf", "not a protobuf message at all \u00ff\u00ff\u00ff")]
    [InlineData("application/json", "{\"resourceSpans\": [ {")]
    [InlineData("application/json", "[1,2,3]")]
    [InlineData("application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":\"1111111111111111\"}]}]}]}")]
    [InlineData("application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"\",\"spanId\":\"\",\"name\":\"no ids\"}]}]}]}")]
    public async Task Post_MalformedPayload_Returns400WithProblem(string contentType, string body)
    {
        var response = await PostAsync("/v1/traces", Encoding.UTF8.GetBytes(body), contentType, gzip: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_AttributeNestedTooDeep_Returns400()
    {
        var value = new Cruddur.Insights.Otlp.Proto.Common.AnyValue { StringValue = "leaf" };
        for (var i = 0; i < 200; i++)
        {
            var array = new Cruddur.Insights.Otlp.Proto.Common.ArrayValue();
            array.Values.Add(value);
            value = new Cruddur.Insights.Otlp.Proto.Common.AnyValue { ArrayValue = array };
        }
        var request = OtlpSamples.OneTrace("cruddur-api", OtlpSamples.NewTraceId());
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(new Cruddur.Insights.Otlp.Proto.Common.KeyValue { Key = "deep", Value = value });

        var response = await PostAsync("/v1/traces", request.ToByteArray(), "application/x-protobuf", gzip: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_NotGzipButSaysGzip_Returns400()
    {
        using var client = new HttpClient { BaseAddress = Server.HttpUrl };
        using var content = new ByteArrayContent([1, 2, 3, 4]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_TextPlain_Returns415()
    {
        var response = await PostAsync("/v1/traces", "hello"u8.ToArray(), "text/plain", gzip: false);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Ui_OnOtlpHttpPort_Returns404()
    {
        using var client = new HttpClient { BaseAddress = Server.HttpUrl };

        using var response = await client.GetAsync("/api/telemetry/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType, bool gzip)
    {
        using var client = new HttpClient { BaseAddress = Server.HttpUrl, Timeout = TimeSpan.FromSeconds(10) };
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

    /// <summary>The protobuf JSON formatter writes ids as base64; OTLP/JSON wants hex.</summary>
    private static string HexIds(string json, ExportLogsServiceRequest request)
    {
        foreach (var record in request.ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
        {
            json = json.Replace(record.TraceId.ToBase64(), Convert.ToHexStringLower(record.TraceId.Span), StringComparison.Ordinal)
                .Replace(record.SpanId.ToBase64(), Convert.ToHexStringLower(record.SpanId.Span), StringComparison.Ordinal);
        }
        return json;
    }
}
