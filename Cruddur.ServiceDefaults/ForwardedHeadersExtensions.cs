using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Trusts <c>X-Forwarded-For/Proto/Host</c> only from the gateway: loopback plus the addresses
/// or networks in <c>Cruddur:TrustedProxies</c>. Only the last hop is read (ForwardLimit 1), and
/// the gateway replaces, never appends to, X-Forwarded-For, so a client cannot choose its address.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public const string TrustedProxiesSetting = "Cruddur:TrustedProxies";

    public static WebApplication UseCruddurForwardedHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders(CreateOptions(app.Configuration));
        return app;
    }

    public static ForwardedHeadersOptions CreateOptions(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = 1,
        };
        options.KnownProxies.Add(IPAddress.Loopback);
        options.KnownProxies.Add(IPAddress.IPv6Loopback);

        var entries = configuration.GetSection(TrustedProxiesSetting).Get<string[]>() ?? [];
        foreach (var entry in entries.Where(entry => !string.IsNullOrWhiteSpace(entry)).Select(entry => entry.Trim()))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{TrustedProxiesSetting} entry '{entry}' is neither an IP address nor a network in CIDR notation.");
            }
        }

        return options;
    }
}
