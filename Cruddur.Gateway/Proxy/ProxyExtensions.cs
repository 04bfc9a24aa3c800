using Cruddur.Gateway.Protection;
using Cruddur.ServiceDefaults.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Cruddur.Gateway.Proxy;

/// <summary>
/// YARP, configured from <c>ReverseProxy</c> in appsettings.json; cluster <c>api</c>'s destination
/// <c>http://api</c> is resolved by service discovery (registered by AddServiceDefaults).
/// </summary>
internal static class ProxyExtensions
{
    public const string Section = "ReverseProxy";

    public static WebApplicationBuilder AddApiProxy(this WebApplicationBuilder builder)
    {
        // Registered before AddReverseProxy, which only adds its own factory when none exists.
        builder.Services.AddSingleton<IForwarderHttpClientFactory, ApiHttpClientFactory>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(Section))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static WebApplication MapApiProxy(this WebApplication app)
    {
        // Before YARP resolves "http://api": unset, service discovery would silently try DNS for "api".
        ApiAddress.Require(app.Configuration);

        // One catch-all route would name every span "GET /api/{**rest}"; the path says which call it was.
        app.MapReverseProxy()
            .RequireRateLimiting(ProtectionExtensions.PerClientPolicy)
            .NameSpansByPath();

        return app;
    }
}
