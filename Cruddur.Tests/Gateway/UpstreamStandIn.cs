using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Gateway;

/// <summary>
/// A real Kestrel server on 127.0.0.1 standing in for the api: it echoes what it received as
/// JSON, answers with the status in <c>X-Echo-Status</c>, waits <c>X-Echo-Delay-Ms</c>, and
/// trusts forwarded headers exactly as the api does.
/// </summary>
internal sealed class UpstreamStandIn : IAsyncDisposable
{
    public const string StatusHeader = "X-Echo-Status";
    public const string DelayHeader = "X-Echo-Delay-Ms";
    private const string RawHeadersKey = "raw-headers";

    private readonly WebApplication _app;

    private UpstreamStandIn(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every request other than health probes, in arrival order.</summary>
    public ConcurrentQueue<EchoedRequest> Received { get; } = new();

    public int HealthProbes => _healthProbes;

    private int _healthProbes;

    public static async Task<UpstreamStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        UpstreamStandIn? standIn = null;
        // Headers as they arrived, before the forwarded-headers middleware consumes X-Forwarded-*.
        app.Use(async (context, next) =>
        {
            context.Items[RawHeadersKey] = context.Request.Headers.ToDictionary(
                header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await next(context);
        });
        app.UseCruddurForwardedHeaders();
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref standIn!._healthProbes);
            return "Healthy";
        });
        app.MapFallback(async context => await standIn!.EchoAsync(context));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn = new UpstreamStandIn(app, new Uri(address));
        return standIn;
    }

    public Task StopAsync() => _app.StopAsync(TimeSpan.FromSeconds(2));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var echoed = new EchoedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            body,
            context.Connection.RemoteIpAddress?.ToString() ?? "",
            request.Scheme,
            request.Host.Value ?? "",
            (Dictionary<string, string>)context.Items[RawHeadersKey]!);
        Received.Enqueue(echoed);

        if (int.TryParse(request.Headers[DelayHeader], CultureInfo.InvariantCulture, out var delay))
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        context.Response.StatusCode = int.TryParse(request.Headers[StatusHeader], CultureInfo.InvariantCulture, out var status) ? status : 200;
        context.Response.Headers.Location = "/api/echoed";
        context.Response.Headers.Link = "</api/next>; rel=\"next\"";
        await context.Response.WriteAsJsonAsync(echoed, EchoedRequest.Json, context.RequestAborted);
    }
}

/// <summary>What the stand-in received, after its forwarded-headers middleware ran.</summary>
internal sealed record EchoedRequest(
    string Method,
    string Path,
    string Query,
    string Body,
    string ClientAddress,
    string Scheme,
    string Host,
    Dictionary<string, string> Headers)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
