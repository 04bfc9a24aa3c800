using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;

namespace Cruddur.AppHost;

/// <summary>Settings the AppHost hands to the services: secrets, the developer's own variables, the front end's origin.</summary>
internal static class SettingsExtensions
{
    public const string FrontendUrlSetting = "FRONTEND_URL";
    public const string DefaultFrontendUrl = "http://localhost:3000";

    /// <summary>
    /// A secret parameter read from <c>Parameters:{name}</c>, else from <paramref name="variable"/>, else
    /// empty. Empty means the sink that needs it is off; Aspire never prompts for it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddOptionalSecret(this IDistributedApplicationBuilder builder,
        string name, string variable) =>
        builder.AddParameter(name, new FromConfigurationOrEmpty(builder.Configuration, variable), secret: true)
            .WithDescription($"Optional. Set it with `dotnet user-secrets set Parameters:{name} …` or {variable}; empty turns the sink off.");

    /// <summary>A secret generated for every run unless set under <c>Parameters:{name}</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

    /// <summary>Passes the AppHost's value of each variable through when it is set (and nothing when not).</summary>
    public static IResourceBuilder<T> WithHostSettings<T>(this IResourceBuilder<T> builder, params string[] names)
        where T : IResourceWithEnvironment
    {
        var configuration = builder.ApplicationBuilder.Configuration;
        return builder.WithEnvironment(context =>
        {
            foreach (var name in names)
            {
                if (configuration[name] is { Length: > 0 } value)
                {
                    context.EnvironmentVariables[name] = value;
                }
            }
        });
    }

    /// <summary>
    /// Passes every setting the AppHost has under <paramref name="section"/> through as the service's
    /// environment (<c>Gateway:RateLimit:Burst</c> becomes <c>Gateway__RateLimit__Burst</c>), so a service's own
    /// settings can be changed for a run without editing its appsettings.json.
    /// </summary>
    public static IResourceBuilder<T> WithHostSection<T>(this IResourceBuilder<T> builder, string section)
        where T : IResourceWithEnvironment
    {
        var settings = builder.ApplicationBuilder.Configuration.GetSection(section);
        return builder.WithEnvironment(context =>
        {
            foreach (var (key, value) in settings.AsEnumerable())
            {
                if (!string.IsNullOrEmpty(value))
                {
                    context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                }
            }
        });
    }

    /// <summary>
    /// Turns off the OTLP exporter's in-memory retry that Aspire switches on. The dashboard stops together
    /// with the services, so a service's last flush would retry against a dashboard that is gone until DCP
    /// kills the process about 12 s later, losing the other sinks' last batches with it. Without retry a
    /// failed export is dropped at once and the service stops gracefully.
    /// </summary>
    public static IResourceBuilder<T> WithoutOtlpRetry<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "");

    /// <summary>
    /// Lets the front end's origin (<c>FRONTEND_URL</c>) post browser spans to the dashboard's OTLP/HTTP
    /// endpoint, unless <c>ASPIRE_DASHBOARD_CORS_ALLOWED_ORIGINS</c> already says otherwise.
    /// </summary>
    public static void AllowDashboardOtlpFromFrontend(this IDistributedApplicationBuilder builder)
    {
        const string CorsSetting = "ASPIRE_DASHBOARD_CORS_ALLOWED_ORIGINS";
        if (string.IsNullOrWhiteSpace(builder.Configuration[CorsSetting]))
        {
            var frontend = builder.Configuration[FrontendUrlSetting] is { Length: > 0 } url ? url : DefaultFrontendUrl;
            builder.Configuration[CorsSetting] = frontend.TrimEnd('/');
        }
    }

    private sealed class FromConfigurationOrEmpty(IConfiguration configuration, string key) : ParameterDefault
    {
        public override string GetDefaultValue() => configuration[key] ?? "";

        // A secret's value is never written to a manifest; Cruddur does not publish one anyway.
        public override void WriteToManifest(ManifestPublishingContext context)
        {
        }
    }
}
