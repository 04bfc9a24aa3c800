using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cruddur.Gateway.Proxy;

/// <summary>
/// YARP's client with a short connect timeout, so an api that is down or unreachable gives
/// the caller a 502 quickly instead of a hang.
/// </summary>
internal sealed class ApiHttpClientFactory(IOptions<GatewayOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
    }
}
