using Cruddur.Insights.Feed;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Common;
using Google.Protobuf;
using ProtoSpan = Cruddur.Insights.Otlp.Proto.Trace.Span;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>The feed's reader of dashboard lines gives what the general OTLP/JSON parser gives, faster.</summary>
public sealed class DashboardSpanJsonTests
{
    /// <summary>A line as the Aspire dashboard 13.6 sends it (captured, then shortened): every value a string, nulls left out.</summary>
    private const string DashboardLine = """
        {"resourceSpans":[{"scopeSpans":[{"scope":{"name":"Microsoft.AspNetCore"},"spans":[{"traceId":"6b0d5152509c0fbe3f9059f9cc170529","spanId":"2f766fe2c19be922","traceState":"xray=0","name":"GET /rollbar/test/exception","kind":2,"startTimeUnixNano":"1796034898083107400","endTimeUnixNano":"1796034898107983100","attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"url.path","value":{"stringValue":"/rollbar/test/exception"}},{"key":"http.route","value":{"stringValue":"/rollbar/test/exception"}},{"key":"http.response.status_code","value":{"stringValue":"500"}},{"key":"aspire.destination","value":{"stringValue":"localhost:29644"}}],"events":[{"timeUnixNano":"1796034898092717200","name":"rollbar.item","attributes":[{"key":"rollbar.item.uuid","value":{"stringValue":"d12dca84-77b6-42b0-924f-4443e6550911"}}]},{"timeUnixNano":"1796034898096350100","name":"exception","attributes":[{"key":"exception.message","value":{"stringValue":"Rollbar test: a deliberate \"unhandled\" exception.\n"}}]}],"status":{"message":"Rollbar test: a deliberate unhandled exception.","code":2}}]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},{"key":"service.instance.id","value":{"stringValue":"bpwqrvdx"}},{"key":"process.pid","value":{"stringValue":"28565"}}]}}]}
        """;

    public static TheoryData<string> Lines()
    {
        var traceId = OtlpSamples.NewTraceId();
        var span = OtlpSamples.Span(traceId, OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId(), "HomeActivities.run", 1, 5, true, ("user", "andrew"));
        span.Kind = ProtoSpan.Types.SpanKind.Consumer;
        span.TraceState = "xray=1";
        span.Flags = 257;
        span.DroppedAttributesCount = 3;
        span.Attributes.Add(new KeyValue { Key = "count", Value = new AnyValue { IntValue = -42 } });
        span.Attributes.Add(new KeyValue { Key = "ratio", Value = new AnyValue { DoubleValue = 0.25 } });
        span.Attributes.Add(new KeyValue { Key = "cached", Value = new AnyValue { BoolValue = true } });
        span.Attributes.Add(new KeyValue { Key = "raw", Value = new AnyValue { BytesValue = ByteString.CopyFromUtf8("bytes") } });
        var list = new ArrayValue();
        list.Values.Add(new AnyValue { StringValue = "a" });
        list.Values.Add(new AnyValue { IntValue = 2 });
        span.Attributes.Add(new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = list } });
        var map = new KeyValueList();
        map.Values.Add(new KeyValue { Key = "inner", Value = new AnyValue { StringValue = "ünïcode ✓" } });
        span.Attributes.Add(new KeyValue { Key = "map", Value = new AnyValue { KvlistValue = map } });
        span.Events.Add(new ProtoSpan.Types.Event { Name = "cache miss", TimeUnixNano = OtlpSamples.Now, DroppedAttributesCount = 1 });
        span.Links.Add(new ProtoSpan.Types.Link
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(OtlpSamples.NewTraceId())),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(OtlpSamples.NewSpanId())),
            TraceState = "a=b",
            Flags = 1,
        });
        span.DroppedEventsCount = 2;
        span.DroppedLinksCount = 4;
        var request = OtlpSamples.Traces("cruddur-api", span);
        request.ResourceSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        request.ResourceSpans[0].ScopeSpans[0].Scope.Version = "1.0";
        return new TheoryData<string>
        {
            DashboardLine,
            DashboardSpanLines.Line(request),
            DashboardSpanLines.ServerSpan("gateway", traceId, OtlpSamples.NewSpanId()),
        };
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parse_OtlpJsonLine_SameRequestAsTheGeneralParser(string line)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(line);

        var read = new DashboardSpanJson().Parse(utf8);

        Assert.Equal(OtlpJson.Parse<ExportTraceServiceRequest>(utf8), read);
    }

    [Fact]
    public void Parse_SnakeCaseNamesNumbersAndEnumNames_ReadExactlyAndUnknownFieldsIgnored()
    {
        // Also OTLP/JSON; the general parser reads neither these ids nor a time past 2^53 exactly.
        const string line = """
            {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"x"}}],"future":{"a":[1,2]}},"scope_spans":[{"spans":[{"trace_id":"0123456789abcdef0123456789abcdef","span_id":"1111111111111111","parent_span_id":null,"kind":"SPAN_KIND_SERVER","start_time_unix_nano":1796034898083107401,"status":{"code":"STATUS_CODE_ERROR"},"unknown":null}]}]}]}
            """;

        var span = new DashboardSpanJson().Parse(System.Text.Encoding.UTF8.GetBytes(line)).ResourceSpans[0].ScopeSpans[0].Spans[0];

        Assert.Equal("0123456789abcdef0123456789abcdef", Convert.ToHexStringLower(span.TraceId.Span));
        Assert.Equal("1111111111111111", Convert.ToHexStringLower(span.SpanId.Span));
        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Equal(ProtoSpan.Types.SpanKind.Server, span.Kind);
        Assert.Equal(1796034898083107401UL, span.StartTimeUnixNano);
        Assert.Equal(Cruddur.Insights.Otlp.Proto.Trace.Status.Types.StatusCode.Error, span.Status.Code);
    }

    [Fact]
    public void Parse_TwoLinesOfOneService_ShareOneResource()
    {
        var json = new DashboardSpanJson();
        var traceId = OtlpSamples.NewTraceId();

        var first = json.Parse(System.Text.Encoding.UTF8.GetBytes(DashboardSpanLines.ServerSpan("api", traceId, OtlpSamples.NewSpanId())));
        var second = json.Parse(System.Text.Encoding.UTF8.GetBytes(DashboardSpanLines.ServerSpan("api", traceId, OtlpSamples.NewSpanId())));
        var other = json.Parse(System.Text.Encoding.UTF8.GetBytes(DashboardSpanLines.ServerSpan("gateway", traceId, OtlpSamples.NewSpanId())));

        Assert.Same(first.ResourceSpans[0].Resource, second.ResourceSpans[0].Resource);
        Assert.NotSame(first.ResourceSpans[0].Resource, other.ResourceSpans[0].Resource);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","spanId":"1111111111111111"}]}]}]}""")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0123456789abcdef0123456789abcdeg","spanId":"1111111111111111"}]}]}]}""")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"soon"}]}]}]}""")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_SIDEWAYS"}]}]}]}""")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"cut here""")]
    [InlineData("""{"resourceSpans":{}}""")]
    [InlineData("""{"resourceSpans":[]} {}""")]
    public void Parse_NotOtlpJson_RefusedAsMalformed(string line)
    {
        var e = Assert.Throws<OtlpPayloadException>(() => new DashboardSpanJson().Parse(System.Text.Encoding.UTF8.GetBytes(line)));

        Assert.Equal(OtlpRejection.Malformed, e.Rejection);
    }

    [Fact]
    public void Parse_InvalidUtf8_RefusedAsMalformed()
    {
        var line = System.Text.Encoding.UTF8.GetBytes(DashboardLine);
        line[line.Length / 2] = 0xff;

        Assert.Throws<OtlpPayloadException>(() => new DashboardSpanJson().Parse(line));
    }
}
