using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.FakeSinks;

/// <summary>
/// Stand-ins for the three remote services that only read each request whole and answer as the service
/// does on success, counting requests and bytes. In production Honeycomb, CloudWatch Logs and Rollbar
/// spend their CPU elsewhere; the strict fakes (which decode, verify signatures and keep everything,
/// for the tests) would spend it on the benchmark's own cores and be measured as the api's cost.
/// </summary>
internal sealed class LeanSinks : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _bytes;

    private LeanSinks(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.First();

    public long Requests => Interlocked.Read(ref _requests);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<LeanSinks> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sinks = new LeanSinks(app);

        // Honeycomb: OTLP/HTTP export (an empty ExportTraceServiceResponse) and the key check.
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            await sinks.DrainAsync(context);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapGet("/1/auth", () => Results.Json(new JsonObject
        {
            ["type"] = "ingest",
            ["environment"] = new JsonObject { ["name"] = "Cruddur Bench", ["slug"] = "cruddur-bench" },
            ["team"] = new JsonObject { ["name"] = "Cruddur Team", ["slug"] = "cruddur-team" },
        }));

        // CloudWatch Logs, JSON 1.1: every operation the sink uses succeeds.
        app.MapPost("/", async (HttpContext context) =>
        {
            await sinks.DrainAsync(context);
            return Results.Text("{}", "application/x-amz-json-1.1");
        });

        // Rollbar: the item is accepted.
        app.MapPost("/api/1/item/", async (HttpContext context) =>
        {
            await sinks.DrainAsync(context);
            return Results.Json(new JsonObject { ["err"] = 0, ["result"] = new JsonObject { ["id"] = null, ["uuid"] = Guid.NewGuid().ToString() } });
        });

        await app.StartAsync();
        return sinks;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task DrainAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            total += read;
        }

        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, total);
    }
}
