using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>
/// The Rollbar item API on a loopback port: checks the access token and the item's shape, refuses
/// payloads over 512 KB, and can rate-limit with 429 and the X-Rate-Limit-* headers.
/// </summary>
public sealed class FakeRollbar : IAsyncDisposable
{
    public const int MaxPayloadBytes = 512 * 1024;
    private static readonly string[] Levels = ["critical", "error", "warning", "info", "debug"];

    private readonly WebApplication _app;
    private readonly string _token;
    private readonly object _window = new();
    private int _acceptedInWindow;
    private DateTimeOffset _windowReset = DateTimeOffset.MinValue;

    private FakeRollbar(WebApplication app, string token)
    {
        _app = app;
        _token = token;
    }

    public string Endpoint => _app.Urls.First();

    /// <summary>Items accepted per window before 429; unlimited when null.</summary>
    public int? RateLimit { get; set; }

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(2);

    public ConcurrentQueue<JsonObject> Items { get; } = new();

    public ConcurrentQueue<FakeRollbarAnswer> Answers { get; } = new();

    public static async Task<FakeRollbar> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeRollbar(app, token);
        app.MapPost("/api/1/item/", (Delegate)fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public async Task<JsonObject> WaitForItemAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Items.FirstOrDefault(match) is { } item)
            {
                return item;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching Rollbar item arrived within {timeout}.");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers["X-Rollbar-Access-Token"] != _token)
        {
            return Answer(403, "invalid access token");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxPayloadBytes)
        {
            return Answer(413, $"payload of {buffer.Length} bytes is over {MaxPayloadBytes}");
        }

        if (RateLimit is { } limit)
        {
            lock (_window)
            {
                var now = DateTimeOffset.UtcNow;
                if (now >= _windowReset)
                {
                    _windowReset = now + RateWindow;
                    _acceptedInWindow = 0;
                }

                var headers = context.Response.Headers;
                headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
                headers["X-Rate-Limit-Reset"] = Math.Ceiling(_windowReset.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
                headers["X-Rate-Limit-Remaining-Seconds"] = Math.Ceiling((_windowReset - now).TotalSeconds).ToString(CultureInfo.InvariantCulture);
                headers["X-Rate-Limit-Remaining"] = Math.Max(limit - _acceptedInWindow - 1, 0).ToString(CultureInfo.InvariantCulture);
                if (_acceptedInWindow >= limit)
                {
                    return Answer(429, "rate limit reached");
                }

                _acceptedInWindow++;
            }
        }

        JsonObject? data;
        try
        {
            data = JsonNode.Parse(buffer.ToArray())?["data"] as JsonObject;
        }
        catch (JsonException error)
        {
            return Answer(400, $"invalid JSON: {error.Message}");
        }

        if (ShapeProblem(data) is { } problem)
        {
            return Answer(422, problem);
        }

        Items.Enqueue(data!);
        Answers.Enqueue(new FakeRollbarAnswer(200, DateTimeOffset.UtcNow));
        return Results.Json(new JsonObject { ["err"] = 0, ["result"] = new JsonObject { ["id"] = null, ["uuid"] = data!["uuid"]?.ToString() } });
    }

    private static string? ShapeProblem(JsonObject? data)
    {
        if (data is null)
        {
            return "missing data";
        }

        if (data["environment"]?.GetValue<string>() is not { Length: > 0 and <= 255 })
        {
            return "data.environment is required (at most 255 characters)";
        }

        if (data["level"]?.GetValue<string>() is not { } level || !Levels.Contains(level))
        {
            return "data.level must be critical, error, warning, info or debug";
        }

        var body = data["body"] as JsonObject;
        var kinds = new[] { "trace", "trace_chain", "message" }.Count(kind => body?[kind] is not null);
        if (kinds != 1)
        {
            return "data.body must have exactly one of trace, trace_chain, message";
        }

        if (data["uuid"]?.GetValue<string>() is { Length: > 36 })
        {
            return "data.uuid is at most 36 characters";
        }

        var traces = body!["trace"] is JsonObject trace ? [trace] : (body["trace_chain"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (traces.Any(item => item["frames"] is not JsonArray frames || frames.Any(frame => frame?["filename"] is null)
            || item["exception"]?["class"] is null))
        {
            return "every trace needs frames with a filename and exception.class";
        }

        return null;
    }

    private IResult Answer(int status, string message)
    {
        Answers.Enqueue(new FakeRollbarAnswer(status, DateTimeOffset.UtcNow));
        return Results.Json(new JsonObject { ["err"] = 1, ["message"] = message }, statusCode: status);
    }
}

public sealed record FakeRollbarAnswer(int Status, DateTimeOffset At);
