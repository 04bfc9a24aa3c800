using Cruddur.XRayDaemon.Forwarding;
using Cruddur.XRayDaemon.Hosting;
using Cruddur.XRayDaemon.Receiving;
using Cruddur.XRayDaemon.Showing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Cruddur.XRayDaemon;

/// <summary>A local stand-in for the AWS X-Ray daemon: UDP in, PutTraceSegments out, a signing TCP proxy.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        DaemonOptions options;
        try
        {
            options = DaemonOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync(DaemonOptions.Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(DaemonOptions.Usage);
            return 0;
        }

        // No args to the host: the daemon's flags are not configuration keys.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.TcpBind));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);

        var access = AwsAccess.Resolve(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(access);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DaemonCounters>();
        builder.Services.AddSingleton<SegmentQueue>();
        builder.Services.AddHttpClient<XRayApi>(http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<UdpSegmentReceiver>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UdpSegmentReceiver>());
        builder.Services.AddHostedService<SegmentBatcher>();
        builder.Services.AddHostedService<CountsReporter>();
        builder.Services.AddSingleton<InsightsFeed>();
        builder.Services.AddHttpClient<InsightsPoster>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InsightsPoster>());

        var app = builder.Build();
        app.MapSamplingProxy();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cruddur.XRayDaemon");
        if (access.CanForward)
        {
            logger.LogInformation("Forwarding segments to {Endpoint} (region {Region})", access.Endpoint, access.Region);
        }
        else
        {
            // Said once; afterwards the daemon quietly receives and counts.
            logger.LogWarning("Local-only mode: {Problem}. Segments are received and counted but not sent to X-Ray.", access.Problem);
        }

        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        logger.LogInformation("Proxying the X-Ray API on tcp {Addresses}", string.Join(", ", addresses));
        await app.WaitForShutdownAsync();
        return 0;
    }
}
