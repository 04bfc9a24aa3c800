using System.IO.Compression;
using Cruddur.Insights.Otlp;
using Microsoft.AspNetCore.Http;

namespace Cruddur.Tests.Insights.Otlp;

/// <summary>The body reader behind every OTLP and X-Ray endpoint: pooled arrays, growth, limits, gzip.</summary>
public sealed class RequestBodyTests
{
    private static readonly CancellationToken Token = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(16 * 1024, false)] // exactly the first buffer when no length is declared
    [InlineData(300_000, false)] // grows several times
    [InlineData(300_000, true)] // the declared length sizes the first buffer
    public async Task ReadAsync_ReturnsExactlyTheBytesSent(int size, bool declareLength)
    {
        var sent = RandomBytes(size);
        using var body = await RequestBody.ReadAsync(Request(sent, declareLength), limit: 1_000_000, Token);

        Assert.Equal(sent, body.Span.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_OverTheLimit_IsTooLarge_AtTheLimitIsRead(bool declareLength)
    {
        var atLimit = await RequestBody.ReadAsync(Request(RandomBytes(50_000), declareLength), limit: 50_000, Token);
        Assert.Equal(50_000, atLimit.Length);
        atLimit.Dispose();

        var e = await Assert.ThrowsAsync<OtlpPayloadException>(() => RequestBody.ReadAsync(Request(RandomBytes(50_001), declareLength), limit: 50_000, Token));
        Assert.Equal(OtlpRejection.TooLarge, e.Rejection);
    }

    [Fact]
    public async Task GunzipAsync_ExpandsBeyondFourTimesTheCompressedSize()
    {
        var original = new byte[1_000_000]; // zeros: compresses about a thousand times
        original[^1] = 42;
        var compressed = Gzip(original);
        Assert.True(compressed.Length * 4 < original.Length);

        using var expanded = await RequestBody.GunzipAsync(compressed, limit: 1_000_000, Token);

        Assert.Equal(original, expanded.Span.ToArray());
    }

    [Fact]
    public async Task GunzipAsync_ExpansionOverTheLimit_IsTooLarge_NotGzip_IsMalformed()
    {
        var bomb = Gzip(new byte[2_000_000]);
        var tooLarge = await Assert.ThrowsAsync<OtlpPayloadException>(() => RequestBody.GunzipAsync(bomb, limit: 1_000_000, Token));
        Assert.Equal(OtlpRejection.TooLarge, tooLarge.Rejection);

        var notGzip = await Assert.ThrowsAsync<OtlpPayloadException>(() => RequestBody.GunzipAsync(RandomBytes(100), limit: 1_000_000, Token));
        Assert.Equal(OtlpRejection.Malformed, notGzip.Rejection);
    }

    [Fact]
    public async Task GunzipAsync_ReadsASliceOfALargerArray()
    {
        var compressed = Gzip("hello"u8.ToArray());
        var padded = new byte[compressed.Length + 10];
        compressed.CopyTo(padded, 5);

        using var expanded = await RequestBody.GunzipAsync(padded.AsMemory(5, compressed.Length), limit: 100, Token);

        Assert.Equal("hello"u8.ToArray(), expanded.Span.ToArray());
    }

    [Fact]
    public void RentedBytes_AfterDispose_RefusesUse()
    {
        var bytes = new RentedBytes(10);
        bytes.Dispose();
        bytes.Dispose(); // twice is harmless: the array went back once

        Assert.Throws<ObjectDisposedException>(() => bytes.Span.Length);
    }

    private static HttpRequest Request(byte[] body, bool declareLength)
    {
        var context = new DefaultHttpContext();
        // A stream that hands out at most 7,000 bytes a read, like a socket, so growth happens mid-body.
        context.Request.Body = new TrickleStream(body, 7_000);
        if (declareLength)
        {
            context.Request.ContentLength = body.Length;
        }
        return context.Request;
    }

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
