using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Cruddur.Insights.Otlp;

/// <summary>
/// Reads a request body (and its gzip expansion) without ever holding more than the limit, into an array
/// rented from the shared pool: an exporter's batch is a few hundred KB, and a fresh array for each (plus
/// the copies of a growing <see cref="MemoryStream"/>) would be large-object-heap garbage on every call.
/// </summary>
internal static class RequestBody
{
    private const int FirstBufferBytes = 16 * 1024;

    public static async Task<RentedBytes> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new OtlpPayloadException(OtlpRejection.TooLarge, $"Request body is larger than {limit} bytes.");
        }
        // A declared length is a good first size; one byte more lets the read see the end of the body
        // without growing. Kestrel already refuses a body longer than its Content-Length.
        var firstSize = request.ContentLength is { } declared ? declared + 1 : FirstBufferBytes;
        return await ReadLimitedAsync(request.Body, limit, firstSize, "Request body", cancellationToken);
    }

    public static async Task<RentedBytes> GunzipAsync(ReadOnlyMemory<byte> compressed, long limit, CancellationToken cancellationToken)
    {
        try
        {
            // Every caller's bytes are array-backed; a MemoryStream over that array copies nothing.
            if (!MemoryMarshal.TryGetArray(compressed, out var segment))
            {
                segment = compressed.ToArray();
            }
            await using var gzip = new GZipStream(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), CompressionMode.Decompress);
            return await ReadLimitedAsync(gzip, limit, Math.Max(FirstBufferBytes, compressed.Length * 4L), "Decompressed body", cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Body is not valid gzip: " + e.Message);
        }
    }

    private static async Task<RentedBytes> ReadLimitedAsync(Stream source, long limit, long firstSize, string what, CancellationToken cancellationToken)
    {
        var bytes = new RentedBytes((int)Math.Min(firstSize, limit + 1));
        try
        {
            int read;
            while ((read = await source.ReadAsync(bytes.FreeSpace(), cancellationToken)) > 0)
            {
                if (bytes.Length + read > limit)
                {
                    throw new OtlpPayloadException(OtlpRejection.TooLarge, $"{what} is larger than {limit} bytes.");
                }
                bytes.Advance(read);
            }
            return bytes;
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }
}

/// <summary>Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>; <see cref="Dispose"/> gives it back.</summary>
internal sealed class RentedBytes : IDisposable
{
    private byte[]? _array;

    public RentedBytes(int capacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(RentedBytes));

    /// <summary>Room after the bytes so far, growing the array (twice the size) when it is full.</summary>
    public Memory<byte> FreeSpace()
    {
        var array = Array;
        if (Length == array.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(array.Length * 2);
            array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(array);
            _array = array = larger;
        }
        return array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
