using System.Text;
using Cruddur.Insights.Feed;
using Cruddur.Tests.Insights.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>Lines off the stream into the store: only whole lines, a bad one skipped and counted.</summary>
public sealed class SpanLinesTests
{
    private readonly StoreFactory _stores = new();
    private readonly FeedState _state = new(new FeedOptions(), TimeProvider.System);

    [Fact]
    public async Task Read_StreamEndsInsideALine_WholeLinesStoredHalfLineNot()
    {
        var traceId = OtlpSamples.NewTraceId();
        var (first, second, cut) = (OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId());
        var half = DashboardSpanLines.ServerSpan("api", traceId, cut);
        var text = DashboardSpanLines.ServerSpan("api", traceId, first) + "\n" + DashboardSpanLines.ServerSpan("api", traceId, second) + "\r\n" + half[..(half.Length / 2)];

        var lines = await ReadAsync(text);

        Assert.Equal(2, lines);
        Assert.Equal([first, second], _stores.Traces.Find(traceId)!.Spans.Select(span => span.SpanId));
        Assert.Equal(2, _state.SpansReceived);
        Assert.Equal(0, _state.LinesSkipped);
    }

    [Fact]
    public async Task Read_OneByteAtATime_EveryLineStored()
    {
        var traceId = OtlpSamples.NewTraceId();
        var ids = Enumerable.Range(0, 5).Select(_ => OtlpSamples.NewSpanId()).ToList();
        var text = string.Concat(ids.Select(id => DashboardSpanLines.ServerSpan("gateway", traceId, id) + "\n"));

        await ReadAsync(text, trickle: true);

        Assert.Equal(ids, _stores.Traces.Find(traceId)!.Spans.Select(span => span.SpanId));
    }

    [Fact]
    public async Task Read_BadLinesBetweenGoodOnes_SkippedAndCountedNeighboursStored()
    {
        var traceId = OtlpSamples.NewTraceId();
        var (before, after) = (OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId());
        var badSpanId = DashboardSpanLines.ServerSpan("api", traceId, OtlpSamples.NewSpanId()).Replace("\"spanId\":\"", "\"spanId\":\"00000000", StringComparison.Ordinal);
        var text = string.Join("\n",
            DashboardSpanLines.ServerSpan("api", traceId, before),
            "{\"resourceSpans\":[{\"scopeSpans\":[",
            "",
            badSpanId,
            """{"resourceSpans":[]}""",
            DashboardSpanLines.ServerSpan("api", traceId, after)) + "\n";

        await ReadAsync(text);

        Assert.Equal([before, after], _stores.Traces.Find(traceId)!.Spans.Select(span => span.SpanId));
        Assert.Equal(3, _state.LinesSkipped);
        Assert.Equal(2, _state.SpansReceived);
    }

    [Fact]
    public async Task Read_LineLongerThanTheLimit_SkippedOnceAndTheNextLineStored()
    {
        var traceId = OtlpSamples.NewTraceId();
        var next = OtlpSamples.NewSpanId();
        var text = new string('x', 10_000) + "\n" + DashboardSpanLines.ServerSpan("api", traceId, next) + "\n";

        await ReadAsync(text, maxLineBytes: 1_000);

        Assert.Equal(1, _state.LinesSkipped);
        Assert.Equal(next, Assert.Single(_stores.Traces.Find(traceId)!.Spans).SpanId);
    }

    [Fact]
    public async Task Read_SameLinesTwice_EachSpanStoredOnce()
    {
        var traceId = OtlpSamples.NewTraceId();
        var text = string.Concat(Enumerable.Range(0, 3).Select(_ => DashboardSpanLines.ServerSpan("api", traceId, OtlpSamples.NewSpanId()) + "\n"));

        await ReadAsync(text);
        await ReadAsync(text);

        Assert.Equal(3, _stores.Traces.Find(traceId)!.Spans.Length);
        Assert.Equal(6, _state.SpansReceived);
    }

    [Fact]
    public async Task Read_DashboardDestinationAttribute_NotStored()
    {
        var traceId = OtlpSamples.NewTraceId();
        var line = DashboardSpanLines.ServerSpan("api", traceId, OtlpSamples.NewSpanId())
            .Replace("\"attributes\":[{", "\"attributes\":[{\"key\":\"aspire.destination\",\"value\":{\"stringValue\":\"api-x\"}},{", StringComparison.Ordinal);

        await ReadAsync(line + "\n");

        var span = Assert.Single(_stores.Traces.Find(traceId)!.Spans);
        Assert.DoesNotContain(span.Attributes, attribute => attribute.Key == "aspire.destination");
        Assert.Contains(span.Attributes, attribute => attribute.Key == "http.response.status_code" && attribute.Value == "200");
    }

    private async Task<long> ReadAsync(string text, bool trickle = false, int maxLineBytes = SpanLines.MaxLineBytes)
    {
        var ingest = new SpanIngest(_stores.Converter, _state, NullLogger.Instance);
        Stream stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        if (trickle)
        {
            stream = new TrickleStream(stream);
        }
        await using (stream)
        {
            return await SpanLines.ReadAsync(stream, ingest, TestContext.Current.CancellationToken, maxLineBytes);
        }
    }

    /// <summary>Hands out one byte per read, as a slow network would: lines then span several buffer segments.</summary>
    private sealed class TrickleStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
