using Cruddur.Tests.Browser;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Cruddur.Tests.Gateway;

/// <summary>
/// The front end's view: a page served from its own origin calls the api through the gateway
/// with fetch() in headless Chromium, so CORS is enforced by a real browser.
/// </summary>
public sealed class GatewayBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string CallAll = """
        async ([gateway, calls]) => {
          const results = [];
          for (const [method, path, body] of calls) {
            try {
              const init = { method };
              if (body) { init.body = body; init.headers = { 'content-type': 'application/json' }; }
              const response = await fetch(gateway + path, init);
              const echoed = method === 'HEAD' ? null : await response.json();
              results.push({ status: response.status, location: response.headers.get('location'),
                             path: echoed ? echoed.path + echoed.query : null, body: echoed ? echoed.body : null });
            } catch (error) {
              results.push({ status: 0, error: String(error) });
            }
          }
          return JSON.stringify(results);
        }
        """;

    [Fact]
    public async Task Fetch_FromFrontendPage_EveryApiPathWorksThroughGateway()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var frontend = await StartPageServerAsync(cancel);
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address, new Dictionary<string, string?>
        {
            ["FRONTEND_URL"] = frontend.Origin,
        });
        // The rows the api answers 200; the others need a test-only header a browser would preflight.
        var calls = GatewayRoutingTests.ApiCalls
            .Where(call => call.Status == 200)
            .Select(call => (call.Method, Path: call.PathAndQuery, call.Body))
            .ToList();

        var results = await RunInBrowserAsync(frontend.Origin, gateway.Address, calls, cancel);

        Assert.Equal(calls.Count, results.GetArrayLength());
        for (var i = 0; i < calls.Count; i++)
        {
            var (method, path, body) = calls[i];
            var result = results[i];
            Assert.True(result.GetProperty("status").GetInt32() == 200, $"{method} {path}: {result}");
            if (method != "HEAD")
            {
                Assert.Equal(path, result.GetProperty("path").GetString());
                Assert.Equal(body, result.GetProperty("body").GetString());
                Assert.Equal("/api/echoed", result.GetProperty("location").GetString());
            }
        }
    }

    [Fact]
    public async Task Fetch_FromOtherOriginPage_IsBlockedByBrowser()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var stranger = await StartPageServerAsync(cancel);
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);

        var results = await RunInBrowserAsync(stranger.Origin, gateway.Address,
            [("GET", "/api/activities/home", ""), ("POST", "/api/activities", """{"message":"hi"}""")], cancel);

        Assert.All(results.EnumerateArray(), result => Assert.Equal(0, result.GetProperty("status").GetInt32()));
        // The simple GET reached the api (the browser hides the answer); the POST's preflight stopped it.
        Assert.Equal("GET", Assert.Single(upstream.Received).Method);
    }

    private async Task<JsonElement> RunInBrowserAsync(string origin, Uri gateway,
        IReadOnlyList<(string Method, string Path, string Body)> calls, CancellationToken cancel,
        [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var result = default(JsonElement);
        await chromium.RunPageAsync(testName, async page =>
        {
            await page.GotoAsync(origin + "/");
            cancel.ThrowIfCancellationRequested();
            var json = await page.EvaluateAsync<string>(CallAll, new object[]
            {
                gateway.ToString().TrimEnd('/'),
                calls.Select(call => new[] { call.Method, call.Path, call.Body }).ToArray(),
            });
            result = JsonDocument.Parse(json).RootElement.Clone();
        });
        return result;
    }

    private static async Task<PageServer> StartPageServerAsync(CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!doctype html><title>Cruddur</title><p>front end</p>", "text/html"));
        await app.StartAsync(cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PageServer(app, address.TrimEnd('/'));
    }

    private sealed record PageServer(WebApplication App, string Origin) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
