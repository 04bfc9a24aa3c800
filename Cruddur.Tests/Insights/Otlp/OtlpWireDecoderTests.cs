using System.Text.Json;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Logs;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Common;
using Cruddur.Insights.Otlp.Proto.Logs;
using Cruddur.Insights.Otlp.Proto.Trace;
using Cruddur.Tests.Insights.Storage;
using Google.Protobuf;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;
using ProtoSpan = Cruddur.Insights.Otlp.Proto.Trace.Span;

namespace Cruddur.Tests.Insights.Otlp;

/// <summary>
/// The direct protobuf decoder against the generated classes plus <see cref="OtlpConverter"/>: on generated
/// requests (every attribute kind, absent parts, unknown enum values, limits exceeded) and on the same bytes
/// mutated, both must store the same records or both refuse.
/// </summary>
public sealed class OtlpWireDecoderTests
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    [InlineData(true, 4)]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(false, 3)]
    [InlineData(false, 4)]
    public void GeneratedRequests_SameRecordsAsTheGeneratedClasses(bool traces, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 50; i++)
        {
            var bytes = traces ? RandomTraces(random).ToByteArray() : RandomLogs(random).ToByteArray();
            Assert.Equal(ViaGenerated(bytes, traces), ViaWire(bytes, traces));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MutatedBytes_BothStoreTheSameOrBothRefuse(bool traces)
    {
        var random = new Random(traces ? 11 : 12);
        var refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var valid = traces ? RandomTraces(random).ToByteArray() : RandomLogs(random).ToByteArray();
            var bytes = Mutate(random, valid);
            var expected = ViaGenerated(bytes, traces);
            var actual = ViaWire(bytes, traces);
            if (expected == RefusedInvalidUtf8)
            {
                // Google.Protobuf 3.36 refuses a string that is not UTF-8; the wire decoder keeps the
                // export and replaces the bad bytes, as Google.Protobuf used to. Either way, no other outcome.
                Assert.True(actual == Refused || actual.StartsWith('{'), actual);
                continue;
            }

            Assert.Equal(expected, actual);
            refused += expected == Refused ? 1 : 0;
        }
        // Both outcomes must have been exercised for the comparison to mean anything.
        Assert.InRange(refused, 100, 1400);
    }

    [Fact]
    public void ResourceAfterItsSpans_AndARepeatedResource_MergeAsProtobufMerges()
    {
        var spans = RandomTraces(new Random(5)).ResourceSpans[0].Clone();
        spans.Resource = null;
        // A ResourceSpans is its fields in any order: its spans first, then two resources (merged).
        var resourceSpans = Concat(spans.ToByteArray(),
            new ResourceSpans { Resource = Resource(("service.name", "late")) }.ToByteArray(),
            new ResourceSpans { Resource = Resource(("host.name", "box")) }.ToByteArray());
        var request = Concat([0x0a], Varint(resourceSpans.Length), resourceSpans);

        var stored = ViaWire(request, traces: true);

        Assert.Equal(ViaGenerated(request, traces: true), stored);
        Assert.Contains("\"late\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"box\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingAround100Messages_RefusedFromTheSameDepthByBoth()
    {
        var outcomes = new List<bool>();
        for (var arrays = 40; arrays <= 55; arrays++)
        {
            var value = new AnyValue { StringValue = "deep" };
            for (var i = 0; i < arrays; i++)
            {
                var array = new ArrayValue();
                array.Values.Add(value);
                value = new AnyValue { ArrayValue = array };
            }
            var span = RandomSpan(new Random(6));
            span.TraceId = Bytes(new Random(6), 16);
            span.SpanId = Bytes(new Random(6), 8);
            span.Attributes.Add(new KeyValue { Key = "deep", Value = value });
            var bytes = Request(span).ToByteArray();

            var expected = ViaGenerated(bytes, traces: true);
            Assert.Equal(expected, ViaWire(bytes, traces: true));
            outcomes.Add(expected == Refused);
        }
        // Accepted up to some depth, refused from the next on.
        Assert.Equal(outcomes.Order(), outcomes);
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }

    [Fact]
    public void UnknownFieldsOfEveryWireType_AndKnownFieldsWithTheWrongWireType_AreSkipped()
    {
        var span = RandomSpan(new Random(7));
        var spanBytes = Concat(span.ToByteArray(),
            [0xF8, 0x06, 0x01],                                     // field 111, varint
            [0xF9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8],                   // field 111, fixed64
            [0xFA, 0x06, 0x02, 0x41, 0x42],                         // field 111, bytes
            [0xFB, 0x06, 0x08, 0x01, 0xFC, 0x06],                   // field 111, a group holding a varint
            [0xFD, 0x06, 1, 2, 3, 4],                               // field 111, fixed32
            [0x2D, 1, 2, 3, 4]);                                    // field 5 (name) as fixed32: not the name
        var scopeSpans = Concat([0x12], Varint(spanBytes.Length), spanBytes);
        var resourceSpans = Concat([0x12], Varint(scopeSpans.Length), scopeSpans);
        var request = Concat([0x0a], Varint(resourceSpans.Length), resourceSpans);

        var stored = ViaWire(request, traces: true);

        Assert.NotEqual(Refused, stored);
        Assert.Equal(ViaGenerated(request, traces: true), stored);
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 })]             // length past the end
    [InlineData(new byte[] { 0x00 })]                         // field number zero
    [InlineData(new byte[] { 0x0e })]                         // wire type 6
    [InlineData(new byte[] { 0x0c })]                         // an end-group with no group
    [InlineData(new byte[] { 0x0b, 0x08, 0x01 })]             // a group never ended
    [InlineData(new byte[] { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })] // 11-byte varint
    public void MalformedWire_RefusedByBoth(byte[] bytes)
    {
        Assert.Equal(Refused, ViaGenerated(bytes, traces: true));
        Assert.Equal(Refused, ViaWire(bytes, traces: true));
        Assert.Equal(Refused, ViaWire(bytes, traces: false));
    }

    private const string Refused = "refused";
    private const string RefusedInvalidUtf8 = "refused: invalid UTF-8";

    private static string ViaGenerated(byte[] bytes, bool traces)
    {
        var stores = SmallLimits();
        try
        {
            if (traces)
            {
                stores.Converter.Accept(ExportTraceServiceRequest.Parser.ParseFrom(bytes));
            }
            else
            {
                stores.Converter.Accept(ExportLogsServiceRequest.Parser.ParseFrom(bytes));
            }
        }
        catch (InvalidProtocolBufferException e) when (e.Message.Contains("invalid UTF-8", StringComparison.Ordinal))
        {
            return RefusedInvalidUtf8;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException)
        {
            return Refused;
        }
        return Stored(stores);
    }

    private static string ViaWire(byte[] bytes, bool traces)
    {
        var stores = SmallLimits();
        try
        {
            if (traces)
            {
                stores.Converter.AcceptTraces(bytes);
            }
            else
            {
                stores.Converter.AcceptLogs(bytes);
            }
        }
        catch (Exception e) when (e is OtlpPayloadException or FormatException)
        {
            return Refused;
        }
        return Stored(stores);
    }

    // Small limits, so the generated requests also exceed them (attribute count and length).
    private static StoreFactory SmallLimits() => new(limits =>
    {
        limits.MaxAttributes = 4;
        limits.MaxAttributeLength = 24;
    });

    private static string Stored(StoreFactory stores) => JsonSerializer.Serialize(new
    {
        Spans = stores.Traces.Snapshot().OrderBy(t => t.Sequence).SelectMany(t => t.Spans).ToArray(),
        Logs = stores.Logs.Snapshot().OrderBy(l => l.Sequence).ToArray(),
    }, Json);

    private static ExportTraceServiceRequest RandomTraces(Random random)
    {
        var request = new ExportTraceServiceRequest();
        for (var r = random.Next(0, 3); r >= 0; r--)
        {
            var resourceSpans = new ResourceSpans { Resource = random.Next(4) == 0 ? null : RandomResource(random) };
            for (var s = random.Next(0, 3); s >= 0; s--)
            {
                var scope = new ScopeSpans { Scope = random.Next(4) == 0 ? null : new InstrumentationScope { Name = Text(random), Version = "1" } };
                for (var n = random.Next(0, 4); n >= 0; n--)
                {
                    scope.Spans.Add(RandomSpan(random));
                }
                resourceSpans.ScopeSpans.Add(scope);
            }
            request.ResourceSpans.Add(resourceSpans);
        }
        return request;
    }

    private static ProtoSpan RandomSpan(Random random)
    {
        var span = new ProtoSpan
        {
            // Now and then an id of the wrong length: the whole request is refused.
            TraceId = Bytes(random, random.Next(60) == 0 ? 15 : 16),
            SpanId = Bytes(random, random.Next(60) == 0 ? 9 : 8),
            ParentSpanId = random.Next(3) == 0 ? ByteString.Empty : Bytes(random, random.Next(10) == 0 ? 3 : 8),
            Name = Text(random),
            Kind = (ProtoSpan.Types.SpanKind)random.Next(0, 8),
            StartTimeUnixNano = (ulong)random.NextInt64(),
            EndTimeUnixNano = (ulong)random.NextInt64(),
            Status = random.Next(3) == 0 ? null : new Status { Code = (Status.Types.StatusCode)random.Next(0, 5), Message = random.Next(2) == 0 ? "" : Text(random) },
            TraceState = "k=v",
            Flags = 1,
        };
        span.Attributes.AddRange(RandomAttributes(random));
        for (var e = random.Next(0, 3); e > 0; e--)
        {
            var spanEvent = new ProtoSpan.Types.Event { Name = Text(random), TimeUnixNano = (ulong)random.NextInt64() };
            spanEvent.Attributes.AddRange(RandomAttributes(random));
            span.Events.Add(spanEvent);
        }
        for (var l = random.Next(0, 2); l > 0; l--)
        {
            var link = new ProtoSpan.Types.Link { TraceId = Bytes(random, 16), SpanId = Bytes(random, random.Next(5) == 0 ? 0 : 8) };
            link.Attributes.AddRange(RandomAttributes(random));
            span.Links.Add(link);
        }
        return span;
    }

    private static ExportLogsServiceRequest RandomLogs(Random random)
    {
        var request = new ExportLogsServiceRequest();
        for (var r = random.Next(0, 3); r >= 0; r--)
        {
            var resourceLogs = new ResourceLogs { Resource = random.Next(4) == 0 ? null : RandomResource(random) };
            for (var s = random.Next(0, 3); s >= 0; s--)
            {
                var scope = new ScopeLogs { Scope = random.Next(4) == 0 ? null : new InstrumentationScope { Name = Text(random) } };
                for (var n = random.Next(0, 4); n >= 0; n--)
                {
                    var attributes = RandomAttributes(random);
                    var record = new LogRecord
                    {
                        TimeUnixNano = random.Next(3) == 0 ? 0 : (ulong)random.NextInt64(),
                        ObservedTimeUnixNano = (ulong)random.NextInt64(),
                        SeverityNumber = (SeverityNumber)random.Next(0, 30),
                        SeverityText = random.Next(2) == 0 ? "" : "Information",
                        // Sometimes a message template whose holes name the record's attributes.
                        Body = random.Next(4) == 0 ? null : random.Next(2) == 0
                            ? new AnyValue { StringValue = $"Home for {{{(attributes.Count > 0 ? attributes[0].Key : "nobody")}}} {{missing}}" }
                            : RandomValue(random, 0),
                        TraceId = random.Next(3) == 0 ? ByteString.Empty : Bytes(random, 16),
                        SpanId = random.Next(3) == 0 ? ByteString.Empty : Bytes(random, 8),
                        EventName = random.Next(3) == 0 ? "" : Text(random),
                        Flags = 1,
                    };
                    record.Attributes.AddRange(attributes);
                    scope.LogRecords.Add(record);
                }
                resourceLogs.ScopeLogs.Add(scope);
            }
            request.ResourceLogs.Add(resourceLogs);
        }
        return request;
    }

    private static ProtoResource RandomResource(Random random)
    {
        var resource = new ProtoResource();
        if (random.Next(3) > 0)
        {
            resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = random.Next(5) == 0 ? "" : "cruddur-" + Text(random) } });
        }
        resource.Attributes.AddRange(RandomAttributes(random));
        return resource;
    }

    private static ProtoResource Resource(params (string Key, string Value)[] attributes)
    {
        var resource = new ProtoResource();
        resource.Attributes.AddRange(attributes.Select(a => new KeyValue { Key = a.Key, Value = new AnyValue { StringValue = a.Value } }));
        return resource;
    }

    private static List<KeyValue> RandomAttributes(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 7)).Select(_ => new KeyValue
        {
            Key = random.Next(4) == 0 ? "user.handle" : Text(random),
            Value = random.Next(8) == 0 ? null : RandomValue(random, 0),
        })];

    private static AnyValue RandomValue(Random random, int depth)
    {
        var value = new AnyValue();
        switch (random.Next(depth < 3 ? 9 : 6))
        {
            case 0: value.StringValue = Text(random); break;
            case 1: value.BoolValue = random.Next(2) == 0; break;
            case 2: value.IntValue = random.NextInt64(long.MinValue, long.MaxValue); break;
            case 3: value.DoubleValue = random.Next(6) switch { 0 => double.NaN, 1 => double.NegativeInfinity, 2 => -0.0, _ => (random.NextDouble() - 0.5) * 1e6 }; break;
            case 4: value.BytesValue = Bytes(random, random.Next(0, 30)); break;
            case 5: break; // no value at all
            case 6 or 7:
                var array = new ArrayValue();
                array.Values.AddRange(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1)));
                value.ArrayValue = array;
                break;
            default:
                var list = new KeyValueList();
                list.Values.AddRange(Enumerable.Range(0, random.Next(0, 4)).Select(_ => new KeyValue { Key = Text(random), Value = random.Next(5) == 0 ? null : RandomValue(random, depth + 1) }));
                value.KvlistValue = list;
                break;
        }
        return value;
    }

    /// <summary>Short and long text, with non-ASCII letters, an emoji, quotes and braces.</summary>
    private static string Text(Random random)
    {
        const string alphabet = "abcxyz.-_ éü日本😀\"{}";
        var length = random.Next(6) == 0 ? random.Next(25, 60) : random.Next(0, 12);
        var text = new System.Text.StringBuilder();
        while (text.Length < length)
        {
            var at = random.Next(alphabet.Length);
            text.Append(char.IsHighSurrogate(alphabet[at]) ? alphabet.Substring(at, 2) : char.IsLowSurrogate(alphabet[at]) ? "a" : alphabet[at].ToString());
        }
        return text.ToString();
    }

    private static ByteString Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static ExportTraceServiceRequest Request(ProtoSpan span)
    {
        var scope = new ScopeSpans();
        scope.Spans.Add(span);
        var resourceSpans = new ResourceSpans { Resource = Resource(("service.name", "cruddur-api")) };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>One to three edits: a flipped byte, a cut, bytes inserted or removed, invalid UTF-8, or a copied stretch.</summary>
    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = new List<byte>(valid);
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                case 2: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 4)).Select(_ => (byte)random.Next(256))); break;
                case 3: bytes.RemoveRange(at, Math.Min(random.Next(1, 4), bytes.Count - at)); break;
                case 4: bytes[at] = 0xff; break; // never valid in UTF-8
                default:
                    var from = random.Next(bytes.Count);
                    var count = Math.Min(random.Next(1, 12), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, count));
                    break;
            }
        }
        return [.. bytes];
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
