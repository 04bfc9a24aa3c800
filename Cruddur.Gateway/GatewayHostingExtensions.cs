namespace Cruddur.Gateway;

/// <summary>Start-up wiring that belongs to the gateway as a whole.</summary>
internal static class GatewayHostingExtensions
{
    public const string SettingsFile = "appsettings.json";

    /// <summary>
    /// The builder's options. The content root is the working directory when it holds appsettings.json
    /// (<c>dotnet run</c>, a container's WORKDIR), else the gateway's own folder, so that
    /// <c>cd /tmp &amp;&amp; dotnet /opt/gateway/Cruddur.Gateway.dll</c> reads the settings shipped beside it.
    /// <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> still decide when given.
    /// </summary>
    public static WebApplicationOptions StartOptions(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ChooseContentRoot(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
    };

    /// <summary>The content root to impose, or null to leave it to .NET's defaults.</summary>
    internal static string? ChooseContentRoot(string[] args, string workingDirectory, string baseDirectory)
    {
        // Read the way the host reads it, so an explicit choice is never overridden.
        var explicitRoot = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        if (!string.IsNullOrEmpty(explicitRoot) || File.Exists(Path.Combine(workingDirectory, SettingsFile)))
        {
            return null;
        }

        return File.Exists(Path.Combine(baseDirectory, SettingsFile)) ? baseDirectory : null;
    }

    /// <summary>Listens on <c>Gateway:DefaultUrl</c> (http://localhost:4567) unless urls or ports are configured.</summary>
    public static WebApplicationBuilder ListenOnGatewayUrl(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // ASPNETCORE_HTTP_PORTS counts too: .NET container images set it to 8080.
        var configured = new[] { WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey }
                .Any(key => !string.IsNullOrWhiteSpace(builder.Configuration[key]))
            || builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(builder.Configuration[$"{GatewayOptions.Section}:DefaultUrl"] ?? new GatewayOptions().DefaultUrl);
        }

        return builder;
    }
}
