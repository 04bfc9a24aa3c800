using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>
/// Honeycomb's ingest on a loopback port: OTLP/HTTP traces that require a known x-honeycomb-team key,
/// and <c>/1/auth</c> that names the key's team and environment or answers 401.
/// </summary>
public sealed class FakeHoneycomb : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _key;

    private FakeHoneycomb(WebApplication app, string key)
    {
        _app = app;
        _key = key;
    }

    public string Endpoint => _app.Urls.First();

    /// <summary>Answer trace exports with 429 and RateLimit headers, as Honeycomb does over quota.</summary>
    public bool OverQuota { get; set; }

    public ConcurrentQueue<HoneycombExport> Exports { get; } = new();

    public ConcurrentQueue<int> Refusals { get; } = new();

    public IEnumerable<ReceivedSpan> Spans => Exports.SelectMany(export => export.Spans);

    public static async Task<FakeHoneycomb> StartAsync(string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeHoneycomb(app, key);
        app.MapPost("/v1/traces", (Delegate)fake.TracesAsync);
        app.MapGet("/1/auth", (Delegate)fake.Auth);
        await app.StartAsync();
        return fake;
    }

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Honeycomb fake did not receive what was expected within {timeout}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> TracesAsync(HttpContext context)
    {
        var team = context.Request.Headers["x-honeycomb-team"].ToString();
        if (team != _key)
        {
            Refusals.Enqueue(401);
            return Results.Json(new JsonObject { ["message"] = "unknown API key - check your credentials" }, statusCode: 401);
        }

        if (OverQuota)
        {
            Refusals.Enqueue(429);
            context.Response.Headers["RateLimit"] = "limit=100, remaining=0, reset=1";
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new JsonObject { ["message"] = "rate limited" }, statusCode: 429);
        }

        if (context.Request.ContentType != "application/x-protobuf")
        {
            return Results.Json(new JsonObject { ["message"] = "unsupported content type" }, statusCode: 415);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var dataset = context.Request.Headers["x-honeycomb-dataset"].ToString();
        Exports.Enqueue(new HoneycombExport(team, dataset.Length == 0 ? null : dataset, [.. OtlpDecoder.DecodeTraces(buffer.ToArray())]));
        return Results.Bytes([], "application/x-protobuf");
    }

    private IResult Auth(HttpContext context)
    {
        if (context.Request.Headers["X-Honeycomb-Team"].ToString() != _key)
        {
            return Results.Json(new JsonObject { ["error"] = "unknown API key - check your credentials" }, statusCode: 401);
        }

        return Results.Json(new JsonObject
        {
            ["id"] = _key.Length.ToString(CultureInfo.InvariantCulture),
            ["type"] = "ingest",
            ["api_key_access"] = new JsonObject { ["events"] = true, ["markers"] = false },
            ["environment"] = new JsonObject { ["name"] = "Cruddur Test", ["slug"] = "cruddur-test" },
            ["team"] = new JsonObject { ["name"] = "Cruddur Team", ["slug"] = "cruddur-team" },
        });
    }
}

public sealed record HoneycombExport(string Team, string? Dataset, IReadOnlyList<ReceivedSpan> Spans);
