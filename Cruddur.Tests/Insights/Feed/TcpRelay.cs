using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>
/// A TCP relay on a loopback port of its own in front of a real server: what a dashboard restart or a
/// dropped connection looks like to a client, without restarting the server. Connections are refused
/// until <see cref="StartListening"/>; <see cref="Cut"/> resets every open one.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpRelay(Uri target, int port = 0)
    {
        _target = target;
        Port = port == 0 ? Cruddur.Tests.AppHost.CruddurAppHost.FreeTcpPort() : port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public void StartListening()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    private async Task StopListeningAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Resets every relayed connection, both sides, wherever their bytes were.</summary>
    public void Cut()
    {
        foreach (var socket in _open.Keys)
        {
            _open.TryRemove(socket, out _);
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            foreach (var socket in new[] { client, server })
            {
                _open.TryRemove(socket, out _);
                socket.Dispose();
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await StopListeningAsync();
        Cut();
        _stop.Dispose();
    }
}
