using System.Net.Sockets;
using System.Text;

namespace Cruddur.Tests.Drills;

/// <summary>
/// One HTTP/1.1 exchange from exact bytes on a bare socket, for requests no well-behaved client would
/// build (raw bytes in the path, huge headers, lying lengths): the status the server answered, or null
/// when it closed without answering.
/// </summary>
internal static class RawExchange
{
    public static async Task<int?> SendAsync(Uri server, byte[] head, Stream? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(head, timeout.Token);
            if (body is not null)
            {
                await body.CopyToAsync(stream, timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server answered early (413) and closed while the body was still going: read what it said.
        }

        return await ReadStatusAsync(stream, timeout.Token);
    }

    public static byte[] Head(string method, string target, Uri server, params string[] headers) =>
        Encoding.Latin1.GetBytes($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n");

    private static async Task<int?> ReadStatusAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        var filled = 0;
        try
        {
            int read;
            while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
                var text = Encoding.Latin1.GetString(buffer, 0, filled);
                var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
                if (lineEnd > 0)
                {
                    var parts = text[..lineEnd].Split(' ');
                    return parts.Length >= 2 && int.TryParse(parts[1], out var status) ? status : null;
                }
            }
        }
        catch (IOException)
        {
            // Reset without a status line.
        }

        return null;
    }
}
