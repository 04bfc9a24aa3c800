namespace Cruddur.Gateway;

/// <summary>Start-up wiring that belongs to the gateway as a whole.</summary>
internal static class GatewayHostingExtensions
{
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
