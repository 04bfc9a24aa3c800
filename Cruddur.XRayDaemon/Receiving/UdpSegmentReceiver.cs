using System.Net;
using System.Net.Sockets;
using Cruddur.XRayDaemon.Forwarding;
using Cruddur.XRayDaemon.Hosting;
using Cruddur.XRayDaemon.Showing;

namespace Cruddur.XRayDaemon.Receiving;

/// <summary>Reads datagrams into a 64 KB buffer, validates the header, queues the documents.</summary>
internal sealed partial class UdpSegmentReceiver(
    DaemonOptions options, SegmentQueue queue, InsightsFeed insights, DaemonCounters counters, ILogger<UdpSegmentReceiver> logger) : BackgroundService
{
    private readonly Socket _socket = Bind(options.UdpBind);

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LogListening(logger, LocalEndPoint);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _socket.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[64 * 1024];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // Windows reports ICMP errors of earlier sends here; nothing was received.
                LogReceiveFailed(logger, exception.SocketErrorCode);
                continue;
            }

            if (SegmentDatagram.TryReadDocument(buffer.AsSpan(0, received.ReceivedBytes), out var document))
            {
                counters.AddReceived();
                queue.Add(document);
                insights.Add(document);
            }
            else
            {
                counters.AddRejected();
            }
        }
    }

    private static Socket Bind(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(endPoint);
        return socket;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for segments on udp {EndPoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "UDP receive failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);
}
