using Cruddur.Gateway.Protection;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cruddur.Gateway.Proxy;

/// <summary>YARP, configured from <c>ReverseProxy</c> in appsettings.json; code adds only the api's address.</summary>
internal static class ProxyExtensions
{
    public const string Section = "ReverseProxy";

    public static WebApplicationBuilder AddApiProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiDestinationOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Address = configuration[ApiDestinationOptions.AddressKey])
            .Validate(ApiDestinationOptions.IsValid,
                $"Configuration key '{ApiDestinationOptions.AddressKey}' (env services__api__http__0) must be the api's absolute http(s) URL.")
            .ValidateOnStart();

        // Registered before AddReverseProxy, which only adds its own factory when none exists.
        builder.Services.AddSingleton<IForwarderHttpClientFactory, ApiHttpClientFactory>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(Section))
            .AddConfigFilter<ApiDestinationFilter>();
        return builder;
    }

    public static WebApplication MapApiProxy(this WebApplication app)
    {
        // Fails here with the key's name, rather than inside YARP's "unable to load the proxy configuration".
        _ = app.Services.GetRequiredService<IOptions<ApiDestinationOptions>>().Value;

        // One catch-all route would name every span "GET /api/{**rest}"; the path says which call it was.
        app.MapReverseProxy()
            .RequireRateLimiting(ProtectionExtensions.PerClientPolicy)
            .NameSpansByPath();
        return app;
    }
}
