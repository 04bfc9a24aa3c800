using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.Gateway;

/// <summary>The real gateway (its Program, appsettings and YARP) on a real Kestrel port on 127.0.0.1.</summary>
internal sealed class GatewayHost : WebApplicationFactory<Cruddur.Gateway.Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    private GatewayHost(Dictionary<string, string?> settings, string environment)
    {
        _settings = settings;
        _environment = environment;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>
    /// Starts a gateway in front of <paramref name="upstream"/>, with extra settings on top of appsettings.json
    /// (and appsettings.{environment}.json: "Testing" has none).
    /// </summary>
    public static GatewayHost Start(Uri upstream, IDictionary<string, string?>? settings = null, string environment = "Testing")
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase)
        {
            ["services:api:http:0"] = upstream.ToString(),
        };
        return Start(all, environment);
    }

    /// <summary>Starts a gateway with exactly these settings on top of appsettings.json.</summary>
    public static GatewayHost Start(IDictionary<string, string?> settings, string environment = "Testing")
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var host = new GatewayHost(all, environment);
        host.StartServer();
        return host;
    }

    /// <summary>The address Kestrel bound, read from the running server.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// A plain HttpClient over a real socket, as a browser or curl would connect: no propagator, so the
    /// HttpClient instrumentation of the services in this process neither traces it nor adds trace headers.
    /// </summary>
    public HttpClient CreateGatewayClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null })
    {
        BaseAddress = Address,
        Timeout = TimeSpan.FromSeconds(20),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
