using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenTelemetry;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// Sends each span X-Ray sampled as one UDP datagram, <c>{"format": "json", "version": 1}\n</c>
/// followed by the segment document, to the daemon. Too big for a datagram: metadata is
/// dropped first; still too big, the segment is dropped and counted.
/// </summary>
public sealed class XRaySegmentExporter : BaseExporter<Activity>
{
    /// <summary>The largest UDP payload over IPv4, below the daemon's 64 KB read buffer.</summary>
    public const int MaxDatagramBytes = 65_507;

    public static readonly byte[] Header = Encoding.UTF8.GetBytes("{\"format\": \"json\", \"version\": 1}\n");

    private readonly XRayEndpoint _daemon;
    private readonly Func<IReadOnlyDictionary<string, object>> _resource;
    private readonly TimeProvider _clock;
    private readonly XRayTelemetry _telemetry;
    private Socket? _socket;

    public XRaySegmentExporter(XRayEndpoint daemon, Func<IReadOnlyDictionary<string, object>> resource,
        XRayTelemetry telemetry, TimeProvider? clock = null)
    {
        _daemon = daemon;
        _resource = resource;
        _telemetry = telemetry;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>X-Ray gets a span only when the root decided so; no decision (no X-Ray sampler) means yes.</summary>
    public static bool IsXRaySampled(Activity activity) =>
        activity.Recorded && XRayDecision.Read(activity.TraceStateString) != XRaySampling.NotSampled;

    /// <summary>The datagram for a span, or null with the reason it cannot be sent.</summary>
    public static byte[]? Datagram(Activity activity, IReadOnlyDictionary<string, object> resource, DateTimeOffset now,
        out string? dropReason, out bool trimmed)
    {
        trimmed = false;
        dropReason = null;
        if (!XRayTraceIds.IsAcceptable(activity.TraceId, now))
        {
            dropReason = XRayTelemetry.InvalidTraceId;
            return null;
        }

        var document = XRaySegmentDocument.Write(activity, resource);
        if (Header.Length + document.Length > MaxDatagramBytes)
        {
            trimmed = true;
            document = XRaySegmentDocument.Write(activity, resource, includeMetadata: false);
            if (Header.Length + document.Length > MaxDatagramBytes)
            {
                dropReason = XRayTelemetry.Oversize;
                return null;
            }
        }

        var datagram = new byte[Header.Length + document.Length];
        Header.CopyTo(datagram, 0);
        document.CopyTo(datagram, Header.Length);
        return datagram;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var resource = _resource();
        var now = _clock.GetUtcNow();
        var result = ExportResult.Success;
        foreach (var activity in batch)
        {
            if (!IsXRaySampled(activity))
            {
                continue;
            }

            var datagram = Datagram(activity, resource, now, out var dropReason, out var trimmed);
            if (datagram is null)
            {
                _telemetry.Dropped(dropReason!);
                continue;
            }

            if (trimmed)
            {
                _telemetry.Trimmed();
            }

            try
            {
                Socket().Send(datagram);
                _telemetry.Sent(root: activity.ParentSpanId == default);
            }
            catch (SocketException)
            {
                // A daemon that is not (yet) listening answers with ICMP; reconnect on the next span.
                _telemetry.Dropped(XRayTelemetry.SendFailed);
                _socket?.Dispose();
                _socket = null;
                result = ExportResult.Failure;
            }
        }

        return result;
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _socket?.Dispose();
        _socket = null;
        return true;
    }

    private Socket Socket()
    {
        if (_socket is not null)
        {
            return _socket;
        }

        var address = IPAddress.TryParse(_daemon.Host, out var ip)
            ? ip
            : Dns.GetHostAddresses(_daemon.Host).First(candidate => candidate.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(address, _daemon.Port));
        _socket = socket;
        return socket;
    }
}
