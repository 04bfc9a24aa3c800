using System.Globalization;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// Where the X-Ray daemon listens, read from <c>AWS_XRAY_DAEMON_ADDRESS</c>: either
/// <c>host:port</c> for both protocols or <c>tcp:host:port udp:host:port</c> in either order.
/// Anything else means the default, as in the X-Ray SDKs.
/// </summary>
public sealed record XRayDaemonAddress(XRayEndpoint Udp, XRayEndpoint Tcp)
{
    public static readonly XRayDaemonAddress Default = new(new XRayEndpoint("127.0.0.1", 2000), new XRayEndpoint("127.0.0.1", 2000));

    public static XRayDaemonAddress Parse(string? value) => TryParse(value, out var address) ? address : Default;

    public static bool TryParse(string? value, out XRayDaemonAddress address)
    {
        address = Default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
        {
            if (!XRayEndpoint.TryParse(parts[0], out var both))
            {
                return false;
            }

            address = new XRayDaemonAddress(both, both);
            return true;
        }

        if (parts.Length != 2)
        {
            return false;
        }

        XRayEndpoint? udp = null, tcp = null;
        foreach (var part in parts)
        {
            if (part.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) && udp is null && XRayEndpoint.TryParse(part[4..], out var u))
            {
                udp = u;
            }
            else if (part.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase) && tcp is null && XRayEndpoint.TryParse(part[4..], out var t))
            {
                tcp = t;
            }
            else
            {
                return false;
            }
        }

        if (udp is null || tcp is null)
        {
            return false;
        }

        address = new XRayDaemonAddress(udp, tcp);
        return true;
    }
}

/// <summary>A host (name or IP) and a port.</summary>
public sealed record XRayEndpoint(string Host, int Port)
{
    public static bool TryParse(string value, out XRayEndpoint endpoint)
    {
        endpoint = null!;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        var host = value[..colon].Trim('[', ']');
        // A colon is only allowed inside an IPv6 address; "udp:host" alone is not a host.
        if (host.Length == 0 || host.Contains(' ', StringComparison.Ordinal)
            || (host.Contains(':', StringComparison.Ordinal) && !System.Net.IPAddress.TryParse(host, out _)))
        {
            return false;
        }

        endpoint = new XRayEndpoint(host, port);
        return true;
    }

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
