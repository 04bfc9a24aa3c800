using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.XRay;

/// <summary>A real Kestrel app on 127.0.0.1 with AddServiceDefaults, as a Cruddur service would be.</summary>
internal sealed class TracedApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TracedApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TracedApp> StartAsync(
        Dictionary<string, string?> settings, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TracedApp(app, new Uri(address));
    }

    /// <summary>Maps <c>/echo</c>: what the server's activity and the request headers were.</summary>
    public static void MapEcho(WebApplication app) => app.MapGet("/echo", (HttpContext context) => Results.Json(new Echo(
        Activity.Current?.TraceId.ToHexString(),
        Activity.Current?.SpanId.ToHexString(),
        Activity.Current?.ParentSpanId.ToHexString(),
        Activity.Current?.TraceStateString,
        context.Request.Headers.TryGetValue("traceparent", out var traceParent) ? traceParent.ToString() : null,
        context.Request.Headers.TryGetValue("tracestate", out var traceState) ? traceState.ToString() : null,
        context.Request.Headers.TryGetValue("X-Amzn-Trace-Id", out var amzn) ? amzn.ToString() : null)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

internal sealed record Echo(string? TraceId, string? SpanId, string? ParentSpanId, string? TraceState, string? TraceParentHeader,
    string? TraceStateHeader, string? AmznHeader);

internal sealed record Relay(Echo Front, Echo Back);

/// <summary>
/// Apps that export to a test's UDP daemon run alone: every tracer provider in the process
/// listens to every ASP.NET Core activity, so parallel apps would export each other's spans.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class XRayAppsCollection
{
    public const string Name = "X-Ray apps";
}
