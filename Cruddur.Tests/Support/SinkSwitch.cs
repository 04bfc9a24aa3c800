using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Cruddur.Tests.Support;

/// <summary>
/// A TCP relay on a fixed loopback port in front of a sink (a fake or an OTLP receiver): passes bytes through,
/// refuses connections (the port closed, open connections reset), or holds every answer for
/// <see cref="Delay"/> — the outages a service must ride out, switchable while it runs.
/// </summary>
public sealed class SinkSwitch : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly CancellationTokenSource _disposed = new();
    private TcpListener? _listener;
    private volatile SinkSwitchMode _mode = SinkSwitchMode.Pass;

    private SinkSwitch(Uri upstream) => Upstream = upstream;

    /// <summary>Where passed connections go; may change while running (a restarted sink on a new port).</summary>
    public Uri Upstream { get; set; }

    public int Port { get; private set; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections accepted so far (refused ones never get here).</summary>
    public int Accepted;

    public SinkSwitchMode Mode
    {
        get => _mode;
        set
        {
            if (_mode == value)
            {
                return;
            }

            _mode = value;
            if (value == SinkSwitchMode.Refuse)
            {
                CloseListener();
                foreach (var connection in _connections.Keys)
                {
                    connection.Client.LingerState = new LingerOption(true, 0);
                    connection.Dispose();
                }
            }
            else if (_listener is null)
            {
                Listen(Port);
            }
        }
    }

    public static SinkSwitch Start(string upstream)
    {
        var relay = new SinkSwitch(new Uri(upstream));
        relay.Listen(0);
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        CloseListener();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        _disposed.Dispose();
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        // The port comes back after a refusal: the service keeps the address it was given.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private void CloseListener()
    {
        _listener?.Stop();
        _listener?.Dispose();
        _listener = null;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_disposed.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_disposed.Token);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref Accepted);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        _connections[client] = 0;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(Upstream.Host, Upstream.Port, _disposed.Token);
            var clientStream = client.GetStream();
            var upstreamStream = upstream.GetStream();
            var requests = PumpAsync(clientStream, upstreamStream, slow: false);
            var answers = PumpAsync(upstreamStream, clientStream, slow: true);
            await Task.WhenAny(requests, answers);
        }
        catch (Exception error) when (error is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The sink or the service closed its side, or the switch cut the connection.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool slow)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _disposed.Token)) > 0)
            {
                if (slow && _mode == SinkSwitchMode.Slow)
                {
                    await Task.Delay(Delay, _disposed.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _disposed.Token);
            }
        }
        catch (Exception error) when (error is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away; the relay ends with it.
        }
    }
}

public enum SinkSwitchMode
{
    Pass,
    Refuse,
    Slow,
}
