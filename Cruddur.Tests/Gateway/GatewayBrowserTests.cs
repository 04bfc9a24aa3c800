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

    [Fact]
    public async Task Fetch_FromFrontendWithBearerToken_PassesPreflightAndReachesTheApi()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var frontend = await StartPageServerAsync(cancel);
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address, new Dictionary<string, string?>
        {
            ["FRONTEND_URL"] = frontend.Origin,
        });

        // Authorization is not a CORS-safelisted header: Chromium asks the gateway first, and blocked it before.
        var result = await EvaluateInBrowserAsync(frontend.Origin, """
            async (gateway) => {
              try {
                const response = await fetch(gateway + '/api/activities/home', { headers: { Authorization: 'Bearer cruddur-token' } });
                return JSON.stringify({ status: response.status });
              } catch (error) {
                return JSON.stringify({ status: 0, error: String(error) });
              }
            }
            """, gateway.Address, cancel);

        Assert.True(result.GetProperty("status").GetInt32() == 200, result.ToString());
        Assert.Equal("Bearer cruddur-token", Assert.Single(upstream.Received).Headers["Authorization"]);
    }

    [Fact]
    public async Task Fetch_FromFrontendWithTraceparent_GatewayServerSpanIsChildOfTheBrowsersSpan()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var frontend = await StartPageServerAsync(cancel);
        await using var receiver = await Support.OtlpHttpReceiver.StartAsync(cancel);
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        JsonElement browser;
        string gatewayPort;
        await using (var gateway = GatewayHost.Start(upstream.Address, new Dictionary<string, string?>
        {
            ["FRONTEND_URL"] = frontend.Origin,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }))
        {
            gatewayPort = gateway.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // What browser tracing (the original front end's homework) sends: the page's own span as the parent.
            browser = await EvaluateInBrowserAsync(frontend.Origin, """
                async (gateway) => {
                  const hex = bytes => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), b => b.toString(16).padStart(2, '0')).join('');
                  const traceId = hex(16), spanId = hex(8);
                  try {
                    const response = await fetch(gateway + '/api/activities/home',
                      { headers: { traceparent: `00-${traceId}-${spanId}-01`, tracestate: 'cruddur=browser' } });
                    return JSON.stringify({ status: response.status, traceId, spanId });
                  } catch (error) {
                    return JSON.stringify({ status: 0, error: String(error), traceId, spanId });
                  }
                }
                """, gateway.Address, cancel);
        }

        // Disposing the gateway flushed its spans.
        Assert.True(browser.GetProperty("status").GetInt32() == 200, browser.ToString());
        var traceId = browser.GetProperty("traceId").GetString();
        var spans = await receiver.WaitForAsync(all => all.Any(span => span.TraceId == traceId && span.Kind == Support.ReceivedSpan.KindServer),
            TimeSpan.FromSeconds(10), cancel);
        // Every host in this process sees every other's activities (the stand-in's server span, "GET {*path:nonfile}",
        // is exported as the gateway's too): this gateway's server span is the one named by the path, on its port.
        var server = Assert.Single(spans, span => span.TraceId == traceId && span.Kind == Support.ReceivedSpan.KindServer
            && span.Name == "GET /api/activities/home" && span.Attributes.GetValueOrDefault("server.port") == gatewayPort);
        Assert.Equal("gateway", server.ServiceName);
        Assert.Equal(browser.GetProperty("spanId").GetString(), server.ParentSpanId);
        // The api is called in the same trace, as a child of the gateway's forwarder span.
        Assert.StartsWith($"00-{traceId}-", Assert.Single(upstream.Received).Headers["traceparent"], StringComparison.Ordinal);
    }

    private async Task<JsonElement> EvaluateInBrowserAsync(string origin, string script, Uri gateway, CancellationToken cancel,
        [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var result = default(JsonElement);
        await chromium.RunPageAsync(testName, async page =>
        {
            await page.GotoAsync(origin + "/");
            cancel.ThrowIfCancellationRequested();
            var json = await page.EvaluateAsync<string>(script, gateway.ToString().TrimEnd('/'));
            result = JsonDocument.Parse(json).RootElement.Clone();
        });
        return result;
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
