using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>
/// A CloudWatch Logs endpoint on a loopback port that enforces the JSON 1.1 protocol rules and
/// the PutLogEvents limits, and can be told to throttle, fail or answer slowly.
/// </summary>
public sealed partial class FakeCloudWatchLogs : IAsyncDisposable
{
    public const int MaxEvents = 10_000;
    public const int MaxBatchBytes = 1_048_576;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ConcurrentQueue<FakeLogEvent>>> _groups = new();

    private FakeCloudWatchLogs(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.First();

    public FakeCloudWatchMode Mode { get; set; } = FakeCloudWatchMode.Normal;

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Every accepted PutLogEvents batch, in arrival order.</summary>
    public ConcurrentQueue<FakeLogBatch> Batches { get; } = new();

    /// <summary>Every refused request: the error type the fake answered.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public ConcurrentQueue<string> Operations { get; } = new();

    public static async Task<FakeCloudWatchLogs> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCloudWatchLogs(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public IReadOnlyList<FakeLogEvent> Events(string group) =>
        _groups.TryGetValue(group, out var streams) ? [.. streams.Values.SelectMany(stream => stream)] : [];

    public void DeleteLogGroup(string group) => _groups.TryRemove(group, out _);

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The CloudWatch Logs fake did not reach the expected state within {timeout}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (!AuthorizationFormat().IsMatch(request.Headers.Authorization.ToString()) || string.IsNullOrEmpty(request.Headers["X-Amz-Date"]))
        {
            return Error(403, "MissingAuthenticationTokenException", "Request is missing a SigV4 Authorization header for service logs.");
        }

        if (request.ContentType != "application/x-amz-json-1.1")
        {
            return Error(400, "SerializationException", $"Content-Type {request.ContentType} is not application/x-amz-json-1.1.");
        }

        if (!target.StartsWith("Logs_20140328.", StringComparison.Ordinal))
        {
            return Error(400, "UnknownOperationException", $"X-Amz-Target '{target}' is not a Logs_20140328 operation.");
        }

        switch (Mode)
        {
            case FakeCloudWatchMode.Throttling:
                return Error(400, "ThrottlingException", "Rate exceeded");
            case FakeCloudWatchMode.ServerError:
                return Error(500, "ServiceUnavailableException", "The service is unavailable.");
            case FakeCloudWatchMode.Slow:
                await Task.Delay(SlowDelay, request.HttpContext.RequestAborted);
                break;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync()) as JsonObject;
        var operation = target["Logs_20140328.".Length..];
        Operations.Enqueue(operation);
        var group = body?["logGroupName"]?.GetValue<string>() ?? "";
        var stream = body?["logStreamName"]?.GetValue<string>() ?? "";
        switch (operation)
        {
            case "CreateLogGroup":
                return _groups.TryAdd(group, new()) ? Ok() : Error(400, "ResourceAlreadyExistsException", "The specified log group already exists");
            case "PutRetentionPolicy":
                return _groups.ContainsKey(group) ? Ok() : Error(400, "ResourceNotFoundException", "The specified log group does not exist.");
            case "CreateLogStream":
                if (!_groups.TryGetValue(group, out var streams))
                {
                    return Error(400, "ResourceNotFoundException", "The specified log group does not exist.");
                }

                if (stream.Contains(':') || stream.Contains('*'))
                {
                    return Error(400, "InvalidParameterException", "Log stream names may not contain ':' or '*'.");
                }

                return streams.TryAdd(stream, new()) ? Ok() : Error(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
            case "PutLogEvents":
                return PutLogEvents(group, stream, body?["logEvents"] as JsonArray);
            default:
                return Error(400, "UnknownOperationException", operation);
        }
    }

    private IResult PutLogEvents(string group, string stream, JsonArray? logEvents)
    {
        if (!_groups.TryGetValue(group, out var streams) || !streams.TryGetValue(stream, out var events))
        {
            return Error(400, "ResourceNotFoundException", "The specified log group or stream does not exist.");
        }

        if (Mode == FakeCloudWatchMode.InvalidParameter)
        {
            return Error(400, "InvalidParameterException", "1 validation error detected: Value at 'logEvents' failed to satisfy constraint.");
        }

        var batch = (logEvents ?? []).Select(node => new FakeLogEvent(node!["timestamp"]!.GetValue<long>(), node["message"]!.GetValue<string>())).ToList();
        var bytes = batch.Sum(logEvent => Encoding.UTF8.GetByteCount(logEvent.Message) + 26);
        if (batch.Count is 0 or > MaxEvents)
        {
            return Error(400, "InvalidParameterException", $"A batch holds 1 to {MaxEvents} events, not {batch.Count}.");
        }

        if (bytes > MaxBatchBytes)
        {
            return Error(400, "InvalidParameterException", $"Batch of {bytes} bytes exceeds {MaxBatchBytes}.");
        }

        if (batch.Zip(batch.Skip(1)).Any(pair => pair.Second.Timestamp < pair.First.Timestamp))
        {
            return Error(400, "InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order.");
        }

        if (batch[^1].Timestamp - batch[0].Timestamp > (long)TimeSpan.FromHours(24).TotalMilliseconds)
        {
            return Error(400, "InvalidParameterException", "The batch of log events spans more than 24 hours.");
        }

        // Too old (over 14 days) and too new (over 2 h ahead) are refused one by one, reported by index.
        var now = DateTimeOffset.UtcNow;
        var oldest = now.AddDays(-14).ToUnixTimeMilliseconds();
        var newest = now.AddHours(2).ToUnixTimeMilliseconds();
        var tooOldEnd = batch.FindLastIndex(logEvent => logEvent.Timestamp < oldest);
        var tooNewStart = batch.FindIndex(logEvent => logEvent.Timestamp > newest);
        foreach (var logEvent in batch.Where(logEvent => logEvent.Timestamp >= oldest && logEvent.Timestamp <= newest))
        {
            events.Enqueue(logEvent);
        }

        Batches.Enqueue(new FakeLogBatch(group, stream, batch, bytes));
        var reply = new JsonObject { ["nextSequenceToken"] = "0" };
        if (tooOldEnd >= 0 || tooNewStart >= 0)
        {
            var info = new JsonObject();
            if (tooOldEnd >= 0)
            {
                info["tooOldLogEventEndIndex"] = tooOldEnd;
            }

            if (tooNewStart >= 0)
            {
                info["tooNewLogEventStartIndex"] = tooNewStart;
            }

            reply["rejectedLogEventsInfo"] = info;
        }

        return Results.Text(reply.ToJsonString(), "application/x-amz-json-1.1");
    }

    private static IResult Ok() => Results.Text("{}", "application/x-amz-json-1.1");

    private IResult Error(int status, string type, string message)
    {
        Errors.Enqueue(type);
        return Results.Text(new JsonObject { ["__type"] = $"com.amazonaws.logs#{type}", ["message"] = message }.ToJsonString(),
            "application/x-amz-json-1.1", statusCode: status);
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/\s]+/\d{8}/[a-z0-9-]+/logs/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationFormat();
}

public enum FakeCloudWatchMode
{
    Normal,
    Throttling,
    ServerError,
    Slow,
    InvalidParameter,
}

public sealed record FakeLogEvent(long Timestamp, string Message);

public sealed record FakeLogBatch(string Group, string Stream, IReadOnlyList<FakeLogEvent> Events, int Bytes);
