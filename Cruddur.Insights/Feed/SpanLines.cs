using System.Buffers;
using System.IO.Pipelines;

namespace Cruddur.Insights.Feed;

/// <summary>
/// Splits an NDJSON stream into lines. Only a line ended by <c>\n</c> is handed on: when the stream
/// drops, the half line it was sending is thrown away (the dashboard sends it again after the reconnect).
/// </summary>
internal static class SpanLines
{
    /// <summary>The dashboard takes OTLP requests up to 4 MB; a longer line is not a span it could hold.</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>Reads until the stream ends; returns the number of complete lines read.</summary>
    public static async Task<long> ReadAsync(Stream stream, SpanIngest ingest, CancellationToken cancellationToken, int maxLineBytes = MaxLineBytes)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        var lines = 0L;
        var discarding = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    lines++;
                    if (discarding)
                    {
                        // The tail of an over-long line, already counted as skipped.
                        discarding = false;
                        continue;
                    }
                    Hand(line, ingest);
                }

                // Everything complete that arrived together is stored together; what follows waits for the network.
                ingest.Flush();
                if (buffer.Length > maxLineBytes && !discarding)
                {
                    discarding = true;
                    ingest.Skip($"a line longer than {maxLineBytes} bytes");
                }
                reader.AdvanceTo(discarding ? buffer.End : buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return lines;
                }
            }
        }
        finally
        {
            ingest.Flush();
            await reader.CompleteAsync();
        }
    }

    private static void Hand(ReadOnlySequence<byte> line, SpanIngest ingest)
    {
        if (line.IsSingleSegment)
        {
            ingest.Line(line.FirstSpan);
            return;
        }
        var length = checked((int)line.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(rented);
            ingest.Line(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
