using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Cruddur.Gateway.Cors;

/// <summary>
/// The original back end's CORS rules: the front end's and the back end's own origins, the
/// methods and headers the React app uses; preflight is answered here, never forwarded.
/// </summary>
/// <remarks>
/// Beyond the original's two headers: <c>Authorization</c>, which the front end's next stage sends
/// (<c>Bearer</c> tokens), and <c>traceparent</c>/<c>tracestate</c>, which browser tracing sends so the
/// gateway's server span joins the browser's trace.
/// </remarks>
internal static class CorsExtensions
{
    public const string FrontendUrlSetting = "FRONTEND_URL";
    public const string BackendUrlSetting = "BACKEND_URL";
    public const string DefaultFrontendUrl = "http://localhost:3000";

    public static readonly string[] AllowedHeaders = ["content-type", "if-modified-since", "authorization", "traceparent", "tracestate"];

    public static WebApplicationBuilder AddGatewayCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>()
            .Configure<IConfiguration>((cors, configuration) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(AllowedOrigins(configuration))
                .WithMethods("OPTIONS", "GET", "HEAD", "POST")
                .WithHeaders(AllowedHeaders)
                .WithExposedHeaders("location", "link")));
        return builder;
    }

    /// <summary>Origins compare without a trailing slash, so <c>http://localhost:3000/</c> works too.</summary>
    internal static string[] AllowedOrigins(IConfiguration configuration) =>
        [.. new[] { configuration[FrontendUrlSetting] ?? DefaultFrontendUrl, configuration[BackendUrlSetting] }
            .Where(origin => !string.IsNullOrWhiteSpace(origin))
            .Select(origin => origin!.Trim().TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
}
