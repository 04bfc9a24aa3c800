using System.Diagnostics;
using System.Net.Http.Headers;
using Cruddur.Insights.Otlp;

namespace Cruddur.Insights.Feed;

/// <summary>
/// Follows the Aspire dashboard's span stream (<c>GET /api/telemetry/spans?follow=true</c>, NDJSON, one span
/// a line) into the trace store. The dashboard first replays every span it holds, then streams new ones,
/// so every (re)connection catches up by itself and the store, which keeps a span once, drops the repeats.
/// A dashboard that is down, restarting or drops the stream is retried with capped, jittered backoff,
/// and said once per outage and once when it is back.
/// </summary>
internal sealed partial class DashboardSpanFeed(
    FeedOptions options, FeedState state, OtlpConverter converter, ILogger<DashboardSpanFeed> logger) : BackgroundService
{
    public const string ApiKeyHeader = "x-api-key";
    public const string ProbePath = "api/telemetry/resources";
    public const string FollowPath = "api/telemetry/spans?follow=true";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Url is not { } url)
        {
            LogOff(logger, FeedOptions.UrlSetting);
            return;
        }

        var root = new Uri(url.AbsoluteUri.TrimEnd('/') + "/");
        var shown = root.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        using var http = CreateClient();
        var backoff = new ReconnectBackoff(options.MaxReconnectDelay, Random.Shared);
        var ingest = new SpanIngest(converter, state, logger);
        var outage = (Stopwatch?)null;
        var attempts = 0;
        var everConnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (attempts++ > 0)
            {
                state.Reconnecting();
            }

            string problem;
            try
            {
                // The stream's headers come with its first span, so an empty dashboard would leave the
                // state unknown: a quick request first says whether it is there and takes the key.
                problem = await ProbeAsync(http, new Uri(root, ProbePath), stoppingToken)
                    ?? await FollowAsync(http, new Uri(root, FollowPath), ingest, backoff, OnConnected, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                problem = e.HttpRequestError == HttpRequestError.ConnectionError ? $"cannot connect: {e.Message}" : e.Message;
            }
            catch (IOException e)
            {
                problem = $"the stream broke: {e.Message}";
            }
            catch (OperationCanceledException)
            {
                problem = "no answer in time";
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never the end of the feed (nor, through the host, of Insights): an outage like any other.
                problem = $"{e.GetType().Name}: {e.Message}";
            }

            if (stoppingToken.IsCancellationRequested)
            {
                // The stream broke because Insights is stopping: not an outage.
                return;
            }

            state.Disconnected(problem);
            if (outage is null)
            {
                outage = Stopwatch.StartNew();
                attempts = 1;
                LogDown(logger, shown, problem, options.MaxReconnectDelay.TotalSeconds);
            }
            else
            {
                LogStillDown(logger, problem);
            }

            try
            {
                await Task.Delay(backoff.Next(), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        void OnConnected()
        {
            state.Connected();
            if (outage is not null)
            {
                LogBack(logger, shown, outage.Elapsed.TotalSeconds, attempts);
                outage = null;
            }
            else if (!everConnected)
            {
                LogFollowing(logger, shown);
            }
            everConnected = true;
        }
    }

    private async Task<string?> ProbeAsync(HttpClient http, Uri probe, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await http.SendAsync(Request(probe, "application/json"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return Refusal(response, expectNdjson: false);
    }

    private async Task<string> FollowAsync(HttpClient http, Uri follow, SpanIngest ingest, ReconnectBackoff backoff, Action connected,
        CancellationToken stoppingToken)
    {
        connected();
        var since = Stopwatch.StartNew();
        using var response = await http.SendAsync(Request(follow, "application/x-ndjson"), HttpCompletionOption.ResponseHeadersRead, stoppingToken);
        if (Refusal(response, expectNdjson: true) is { } refusal)
        {
            return refusal;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(stoppingToken);
        var lines = await SpanLines.ReadAsync(stream, ingest, stoppingToken);
        // A connection that held lines or lasted was a good one: the next outage starts from short waits again.
        if (lines > 0 || since.Elapsed >= options.MaxReconnectDelay)
        {
            backoff.Reset();
        }
        return "the dashboard ended the stream";
    }

    private HttpRequestMessage Request(Uri uri, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (options.ApiKey is { } key)
        {
            request.Headers.Add(ApiKeyHeader, key);
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }

    /// <summary>Why the answer is not what the feed can read, or null.</summary>
    private static string? Refusal(HttpResponseMessage response, bool expectNdjson)
    {
        var status = (int)response.StatusCode;
        if (status is 401 or 403)
        {
            return $"the dashboard refused the API key ({status}); {FeedOptions.ApiKeySetting} must be its telemetry API key";
        }
        if (!response.IsSuccessStatusCode)
        {
            return $"the dashboard answered {status} {response.ReasonPhrase}";
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (expectNdjson ? mediaType != "application/x-ndjson" : mediaType?.EndsWith("json", StringComparison.Ordinal) != true)
        {
            return $"the dashboard answered {mediaType ?? "no content type"}, not its telemetry API (is the API on?)";
        }
        return null;
    }

    private static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // A local dashboard answers plain http; no proxy between Insights and it.
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        // The stream is meant to stay open for the whole run.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed: off ({Setting} is not set)")]
    private static partial void LogOff(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed: following the Aspire dashboard's spans at {Dashboard}")]
    private static partial void LogFollowing(ILogger logger, string dashboard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed: the Aspire dashboard at {Dashboard} is not streaming spans ({Problem}); retrying, at most {MaxSeconds} s apart, and catching up when it is back")]
    private static partial void LogDown(ILogger logger, string dashboard, string problem, double maxSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed: still no span stream ({Problem})")]
    private static partial void LogStillDown(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed: the Aspire dashboard at {Dashboard} is back after {Seconds:0.0} s and {Attempts} attempts; catching up")]
    private static partial void LogBack(ILogger logger, string dashboard, double seconds, int attempts);
}
