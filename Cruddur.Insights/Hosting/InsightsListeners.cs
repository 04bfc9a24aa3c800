using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Cruddur.Insights.Hosting;

/// <summary>Binds UI, OTLP/gRPC and OTLP/HTTP and tells which of them a request came in on.</summary>
internal sealed class InsightsListeners
{
    private readonly Dictionary<Listener, (Uri Url, ListenOptions? Options)> _bindings = [];

    public void Bind(KestrelServerOptions kestrel, InsightsOptions options)
    {
        Bind(kestrel, Listener.Frontend, options.Frontend.Url, HttpProtocols.Http1);
        // Cleartext gRPC needs HTTP/2 with prior knowledge: no HTTP/1.1 on this port.
        Bind(kestrel, Listener.OtlpGrpc, options.Otlp.GrpcUrl, HttpProtocols.Http2);
        // Without TLS, Kestrel cannot offer HTTP/2 next to HTTP/1.1 on one port; exporters use HTTP/1.1 here.
        Bind(kestrel, Listener.OtlpHttp, options.Otlp.HttpUrl, HttpProtocols.Http1);
    }

    /// <summary>The URL actually bound (resolves port 0 after start).</summary>
    public Uri UrlOf(Listener listener)
    {
        var (url, options) = _bindings[listener];
        var port = options?.IPEndPoint?.Port ?? url.Port;
        return new UriBuilder(url) { Port = port, Path = "/" }.Uri;
    }

    public Listener? ListenerOf(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        foreach (var listener in _bindings.Keys)
        {
            if (UrlOf(listener).Port == port)
            {
                return listener;
            }
        }
        return null;
    }

    private void Bind(KestrelServerOptions kestrel, Listener listener, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url);
        ListenOptions? bound = null;
        void Configure(ListenOptions o)
        {
            o.Protocols = protocols;
            bound = o;
        }

        if (uri.IsLoopback && uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
            bound = null; // localhost binds two sockets; the configured port is the answer
        }
        else if (uri.Host is "*" or "+" or "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(uri.Port, Configure);
            bound = null;
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port, Configure);
        }
        _bindings[listener] = (uri, bound);
    }
}
