using System.Net.Http.Json;
using Cruddur.XRayDaemon.Hosting;

namespace Cruddur.XRayDaemon.Showing;

/// <summary>
/// Posts what the daemon received, valid or not, to Insights' <c>/xray/segments</c> in batches, with
/// Insights' OTLP key when one is set. One attempt per batch with a short timeout: a failed batch is
/// dropped and counted, and an Insights that is down is reported once, then again when it is back.
/// </summary>
internal sealed partial class InsightsPoster(
    InsightsFeed feed, DaemonOptions options, DaemonCounters counters, HttpClient http, ILogger<InsightsPoster> logger) : BackgroundService
{
    public const string Path = "/xray/segments";
    public const string ApiKeyHeader = "x-otlp-api-key";
    public const int MaxBatch = 100;
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private bool _down;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!feed.Enabled)
        {
            return;
        }

        var target = new Uri(options.Insights!, Path);
        LogShowing(logger, target);
        var reader = feed.Reader;
        var batch = new List<string>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                // A short linger lets a request's segments travel together.
                await Task.Delay(Linger, stoppingToken);
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var document))
                {
                    batch.Add(document);
                }

                await PostAsync(target, batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostAsync(Uri target, List<string> batch, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent.Create(new SegmentBatch(batch)) };
        if (options.InsightsOtlpApiKey is { } key)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
        }

        string? problem;
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            problem = response.IsSuccessStatusCode ? null : $"it answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            problem = exception.Message;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            problem = $"no answer within {Timeout.TotalSeconds:0} s";
        }

        if (problem is null)
        {
            counters.AddShown(batch.Count);
            if (_down)
            {
                _down = false;
                LogBack(logger);
            }

            return;
        }

        feed.Lost(batch.Count);
        if (!_down)
        {
            _down = true;
            LogDown(logger, problem);
        }
    }

    private sealed record SegmentBatch(IReadOnlyList<string> Documents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Showing received documents on Insights at {Target}")]
    private static partial void LogShowing(ILogger logger, Uri target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Insights does not take segment documents ({Problem}); they are counted as not_shown until it does")]
    private static partial void LogDown(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Insights takes segment documents again")]
    private static partial void LogBack(ILogger logger);
}
