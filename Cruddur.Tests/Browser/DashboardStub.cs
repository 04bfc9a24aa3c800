using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Browser;

/// <summary>
/// Stands in for the Aspire dashboard in browser tests: its trace page, /traces/detail/{traceId}, answers a
/// page naming the trace, so a test can follow a link out of Insights and see where it landed.
/// </summary>
internal sealed class DashboardStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardStub(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public static async Task<DashboardStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/traces/detail/{traceId}", (string traceId) => Results.Content(
            $"<!doctype html><title>Aspire dashboard stub</title><h1>Trace detail</h1><p id=\"trace-id\">{WebUtility.HtmlEncode(traceId)}</p>",
            "text/html; charset=utf-8"));
        await app.StartAsync();
        return new DashboardStub(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
