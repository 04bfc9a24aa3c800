using System.Net;
using System.Net.Sockets;

namespace Cruddur.AppHost.Hosting;

/// <summary>Free loopback ports, and a clear error when a fixed one is taken.</summary>
internal static class PortAllocator
{
    // Below Linux's default ephemeral range (32768-60999) and above the registered services most
    // machines run: a port handed out here is not given to some outgoing connection while its
    // resource restarts, so the restarted process can bind it again.
    private const int LowestPort = 20_000;
    private const int HighestPort = 32_767;

    private static readonly HashSet<int> HandedOut = [];

    public static int FreePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, HighestPort + 1);
            lock (HandedOut)
            {
                // Never the same port twice to one process: its first owner may not have bound it yet.
                if (IsFree(port) && HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        // A crowded range: any free port is better than none.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
