using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cruddur.Api.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Api;

/// <summary>
/// The api in process with its own store, a hand-moved clock and a log recorder. One per test,
/// so tests never see each other's cruds and can run in parallel.
/// </summary>
// Any type of the api's assembly names its entry point; "Program" is ambiguous here because the
// AppHost, also referenced by the tests, has one too.
internal sealed class CruddurApiFactory(int? capacity = null, string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<HomeActivities>
{
    /// <summary>How the front end reads the api's JSON: snake_case names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public ManualTimeProvider Time { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    /// <summary>
    /// Serves the api on a real Kestrel port of 127.0.0.1 instead of the in-memory test server, for what only a
    /// real server does (HEAD answered without its body); returns its address.
    /// </summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (capacity is { } limit)
        {
            builder.UseSetting("Cruddur:Store:Capacity", limit.ToString(CultureInfo.InvariantCulture));
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
