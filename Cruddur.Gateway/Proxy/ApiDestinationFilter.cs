using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Cruddur.Gateway.Proxy;

/// <summary>Fills cluster <c>api</c>'s one destination from <see cref="ApiDestinationOptions"/>.</summary>
internal sealed class ApiDestinationFilter(IOptions<ApiDestinationOptions> destination) : IProxyConfigFilter
{
    public const string ClusterId = "api";

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (!string.Equals(cluster.ClusterId, ClusterId, StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(cluster);
        }

        var address = destination.Value.Address!;
        return ValueTask.FromResult(cluster with
        {
            Destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase)
            {
                [ClusterId] = new() { Address = address },
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
