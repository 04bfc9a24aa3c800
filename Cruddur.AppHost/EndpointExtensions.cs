using System.Net;
using System.Net.Sockets;

namespace Cruddur.AppHost;

internal static class EndpointExtensions
{
    // Below Linux's ephemeral range (32768–60999): a port picked here is not taken by some outgoing
    // connection while its service restarts.
    private const int FirstPort = 20_000;
    private const int LastPort = 32_000;

    /// <summary>
    /// The project's http endpoint without DCP's proxy in front: callers connect to the service itself,
    /// so a service that is down refuses the connection at once instead of a proxy holding it open,
    /// and no request pays for a second hop. The port is <paramref name="port"/>, else the launch
    /// profile's, else a free one.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<ProjectResource> project, int? port = null) =>
        project.WithEndpoint("http", endpoint =>
        {
            endpoint.IsProxied = false;
            endpoint.Port = port ?? endpoint.Port ?? FreePort();
        });

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(FirstPort, LastPort);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"No free TCP port between {FirstPort} and {LastPort} after 100 tries.");
    }
}
