using Cruddur.Insights.Hosting;

namespace Cruddur.Insights.Security;

/// <summary>Prints where to open the dashboard once the listeners are bound.</summary>
internal sealed class LoginBanner(IHostApplicationLifetime lifetime, BrowserLogin login, InsightsListeners listeners) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var ui = listeners.UrlOf(Listener.Frontend).ToString().TrimEnd('/');
            Console.WriteLine(login.Unsecured ? $"Dashboard: {ui}/ (unsecured)" : $"Login: {ui}/login?t={login.Token}");
            Console.WriteLine($"OTLP/gRPC: {listeners.UrlOf(Listener.OtlpGrpc)}  OTLP/HTTP: {listeners.UrlOf(Listener.OtlpHttp)}");
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
