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
        params string[] extraHeaders) =>
        (await SendAsync(server, "GET", pathAndQuery, cancellationToken, extraHeaders)).Status;

    /// <summary>Sends a request without a body and reads the whole answer as it came on the wire.</summary>
    public static async Task<RawResponse> SendAsync(Uri server, string method, string pathAndQuery, CancellationToken cancellationToken,
        params string[] extraHeaders)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        var headers = string.Concat(extraHeaders.Select(header => header + "\r\n"));
        var request = $"{method} {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\n{headers}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var head = response.Split("\r\n\r\n", 2);
        var lines = head[0].Split("\r\n");
        var fields = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .GroupBy(field => field[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => string.Join(", ", group.Select(field => field[1].Trim())), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), fields,
            head.Length > 1 ? head[1] : "");
    }
}

/// <summary>An answer read off the socket: status, header fields (repeated ones joined), and the bytes after the headers as text.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
