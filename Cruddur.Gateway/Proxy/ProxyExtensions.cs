using Cruddur.Gateway.Protection;
using Cruddur.ServiceDefaults.Telemetry;
using Yarp.ReverseProxy;
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

        RequireRoutes(app);
        return app;
    }

    /// <summary>A gateway without routes would answer 404 to everything; it must not start.</summary>
    private static void RequireRoutes(WebApplication app)
    {
        // MapReverseProxy has loaded the configuration by now, so this is what YARP will serve.
        if (!app.Services.GetRequiredService<IProxyStateLookup>().GetRoutes().Any())
        {
            throw new InvalidOperationException(
                $"The gateway has no routes: '{Section}:Routes' is empty. appsettings.json is read from the content root " +
                $"'{app.Environment.ContentRootPath}' (--contentRoot or ASPNETCORE_CONTENTROOT choose another).");
        }
    }
}
