using Cruddur.Gateway.Cors;
using Cruddur.Gateway.Protection;
using Cruddur.Gateway.Proxy;

namespace Cruddur.Gateway;

/// <summary>The gateway's entry point; a named class so tests can host it beside the api's Program.</summary>
public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(GatewayHostingExtensions.StartOptions(args));

        builder.AddServiceDefaults();
        builder.ListenOnGatewayUrl();
        builder.AddGatewayProtection();
        builder.AddGatewayCors();
        builder.AddApiProxy();

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.UseCors();
        app.UseGatewayProtection();
        app.MapApiProxy();

        app.Run();
    }
}
