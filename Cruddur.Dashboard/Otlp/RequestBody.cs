using System.Buffers;
using System.IO.Compression;

namespace Cruddur.Dashboard.Otlp;

/// <summary>Reads a request body (and its gzip expansion) without ever holding more than the limit.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new OtlpPayloadException(OtlpRejection.TooLarge, $"Request body is larger than {limit} bytes.");
        }
        return await ReadLimitedAsync(request.Body, limit, "Request body", cancellationToken);
    }

    public static async Task<byte[]> GunzipAsync(byte[] compressed, long limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            return await ReadLimitedAsync(gzip, limit, "Decompressed body", cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new OtlpPayloadException(OtlpRejection.Malformed, "Body is not valid gzip: " + e.Message);
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream source, long limit, string what, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var result = new MemoryStream();
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (result.Length + read > limit)
                {
                    throw new OtlpPayloadException(OtlpRejection.TooLarge, $"{what} is larger than {limit} bytes.");
                }
                result.Write(buffer, 0, read);
            }
            return result.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
