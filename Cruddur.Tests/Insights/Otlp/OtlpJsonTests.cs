using System.Text;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Tests.Insights.Storage;

namespace Cruddur.Tests.Insights.Otlp;

/// <summary>OTLP/JSON (hex ids) parsed and converted into the store: the entry points the span feed uses.</summary>
public sealed class OtlpJsonTests
{
    [Fact]
    public void ParseThenAccept_JsonWithHexIds_SpanTreeStored()
    {
        var stores = new StoreFactory();
        var traceId = OtlpSamples.NewTraceId();
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cruddur-web"}}]},
              "scopeSpans":[{"scope":{"name":"browser"},"spans":[
                {"traceId":"{{{traceId}}}","spanId":"1111111111111111","name":"documentLoad","kind":2,
                 "startTimeUnixNano":"{{{OtlpSamples.Now}}}","endTimeUnixNano":"{{{OtlpSamples.Now + 5_000_000}}}",
                 "attributes":[{"key":"http.url","value":{"stringValue":"http://localhost:3000/"}},{"key":"retries","value":{"intValue":"2"}}]},
                {"traceId":"{{{traceId}}}","spanId":"2222222222222222","parentSpanId":"1111111111111111","name":"fetch","kind":3,
                 "startTimeUnixNano":"{{{OtlpSamples.Now + 1_000_000}}}","endTimeUnixNano":"{{{OtlpSamples.Now + 2_000_000}}}","status":{"code":2,"message":"boom"}}
              ]}]}],"somethingNew":true}
            """;

        stores.Converter.Accept(OtlpJson.Parse<ExportTraceServiceRequest>(Encoding.UTF8.GetBytes(json)));

        var trace = stores.Traces.Find(traceId)!;
        Assert.True(trace.HasError);
        Assert.Equal("documentLoad", trace.Root.Name);
        Assert.Equal("Server", trace.Root.Kind);
        Assert.Equal(5, trace.DurationMs, 3);
        var fetch = Assert.Single(trace.Spans, s => s.Name == "fetch");
        Assert.Equal(("1111111111111111", "Client", "boom"), (fetch.ParentSpanId, fetch.Kind, fetch.StatusMessage));
        Assert.Contains(trace.Root.Attributes, a => a is { Key: "retries", Value: "2" });
        Assert.Equal("cruddur-web", trace.Root.Resource.ServiceName);
    }

    [Fact]
    public void ParseThenAccept_EscapesUnicodeAndEveryValueKind_KeptAsSent()
    {
        var stores = new StoreFactory();
        var json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cr\u00fcddur-\"api\""}}]},
              "scopeSpans":[{"spans":[{"traceId":"0AF7651916CD43DD8448EB211C80319C","spanId":"b7ad6b7169203331","parentSpanId":"",
                "name":"GET /h\u00e9llo","kind":2,"startTimeUnixNano":1796000000000000000,"endTimeUnixNano":"1796000000005000000",
                "attributes":[{"key":"ratio","value":{"doubleValue":0.25}},{"key":"ok","value":{"boolValue":false}},
                  {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a/b"},{"intValue":3}]}}},{"key":"none","value":null}]}]}]}]}
            """;

        stores.Converter.Accept(OtlpJson.Parse<ExportTraceServiceRequest>(Encoding.UTF8.GetBytes(json)));

        var span = stores.Traces.Find("0af7651916cd43dd8448eb211c80319c")!.Spans.Single();
        Assert.Equal(("b7ad6b7169203331", null, "GET /héllo"), (span.SpanId, span.ParentSpanId, span.Name));
        Assert.Equal("crüddur-\"api\"", span.Resource.ServiceName);
        Assert.Equal(5, span.DurationMs, 3);
        Assert.Equal([("ratio", "0.25"), ("ok", "false"), ("tags", "[a/b, 3]"), ("none", "")], span.Attributes.Select(a => (a.Key, a.Value)));
    }

    [Theory]
    [InlineData("{\"resourceSpans\": [ {")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    [InlineData("{} {}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c0\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":\"1111111111111111\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"abc\"}]}]}]}")]
    public void Parse_Malformed_ThrowsPayloadException(string json)
    {
        var error = Assert.Throws<OtlpPayloadException>(() => OtlpJson.Parse<ExportTraceServiceRequest>(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(OtlpRejection.Malformed, error.Rejection);
    }

    [Fact]
    public void Parse_InvalidUtf8_ThrowsPayloadException()
    {
        Assert.Throws<OtlpPayloadException>(() => OtlpJson.Parse<ExportTraceServiceRequest>([(byte)'{', 0xff, (byte)'}']));
    }

    [Fact]
    public void Accept_SpanWithoutIds_ThrowsFormatException_NothingStored()
    {
        var stores = new StoreFactory();
        var request = OtlpJson.Parse<ExportTraceServiceRequest>(
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"\",\"spanId\":\"\",\"name\":\"no ids\"}]}]}]}"u8);

        Assert.Throws<FormatException>(() => stores.Converter.Accept(request));
        Assert.Equal(0, stores.Traces.Count);
    }
}
