using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cruddur.Insights.Security;

/// <summary>Prints where to open Insights, once, when the listener is bound.</summary>
internal sealed class LoginBanner(IHostApplicationLifetime lifetime, BrowserLogin login, IServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/');
            Console.WriteLine($"Insights login: {url}/login?t={login.Token}");
            if (login.ApiKeyIsGenerated)
            {
                Console.WriteLine($"Insights JSON API: header {BrowserLogin.ApiKeyHeader} with a key made for this run ({InsightsOptions.Section}:ApiKey is not set).");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
