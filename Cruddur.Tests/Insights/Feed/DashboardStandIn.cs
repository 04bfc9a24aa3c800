using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>
/// An in-process stand-in for the Aspire dashboard's telemetry API, for what a real one cannot be made to do on
/// cue: drop the stream in the middle of a line, refuse the key. Each stream connection gets its number (from 1).
/// </summary>
internal sealed class DashboardStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardStandIn(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    /// <summary>The x-api-key of every request, probes included.</summary>
    public ConcurrentQueue<string> ApiKeys { get; } = new();

    public int Streams => _streams;

    private int _streams;

    public static async Task<DashboardStandIn> StartAsync(Func<HttpContext, int, Task> stream, int probeStatus = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new DashboardStandIn(app);
        app.Use((context, next) =>
        {
            standIn.ApiKeys.Enqueue(context.Request.Headers["x-api-key"].ToString());
            return next(context);
        });
        app.MapGet("/api/telemetry/resources", () => probeStatus == StatusCodes.Status200OK ? Results.Json(Array.Empty<object>()) : Results.StatusCode(probeStatus));
        app.MapGet("/api/telemetry/spans", async context =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await stream(context, Interlocked.Increment(ref standIn._streams));
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return standIn;
    }

    public static async Task WriteAsync(HttpContext context, string text)
    {
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Keeps the stream open until the client goes.</summary>
    public static async Task HoldAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
