using System.Net.Sockets;
using System.Text;

namespace Cruddur.Tests.Gateway;

/// <summary>
/// An HTTP/1.1 request written on a bare socket, like curl would send it. Used where the
/// in-process HttpClient would add a client span of its own to the gateway's telemetry.
/// </summary>
internal static class RawHttpClient
{
    /// <summary>Sends a GET and returns the status code.</summary>
    public static async Task<int> GetAsync(Uri server, string pathAndQuery, CancellationToken cancellationToken,
        params string[] extraHeaders)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        var headers = string.Concat(extraHeaders.Select(header => header + "\r\n"));
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\n{headers}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var statusLine = response.Split("\r\n", 2)[0];
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
