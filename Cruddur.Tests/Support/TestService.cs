using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>
/// A small real service (Kestrel on a loopback port) built with AddServiceDefaults, for testing
/// what ServiceDefaults does to requests, spans and logs.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    private TestService(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<TestService> StartAsync(
        Action<WebApplication> map,
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "Cruddur.Tests",
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // No appsettings.json in the test output (Cruddur.Tests.csproj leaves the services' behind): the log level
        // every service ships, so ASP.NET Core's own request lines stay out as they do in the services.
        builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";

        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        var app = builder.Build();
        // As every Cruddur service's Program.cs has it.
        app.UseExceptionHandler();
        app.MapDefaultEndpoints();
        map(app);
        await app.StartAsync();
        return new TestService(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
