using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cruddur.ServiceDefaults.Telemetry;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Posts items to the Rollbar item API from a background loop: a bounded queue (oldest dropped),
/// at most MaxReportsPerMinute, and a pause until the reset when Rollbar answers 429.
/// Callers never wait on the network; failures go to stderr, never to ILogger.
/// </summary>
internal sealed class RollbarNotifier : IAsyncDisposable
{
    public const string TokenHeader = "X-Rollbar-Access-Token";

    private readonly LinkedList<JsonObject> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<long> _recentPosts = new();
    private readonly HashSet<string> _reported = [];
    private readonly HttpClient _http;
    private readonly RollbarOptions _options;
    private readonly Uri _itemUri;
    private readonly TextWriter _errors;
    private readonly Task _loop;
    private readonly bool _ownsHttp;
    private long _sent;
    private long _dropped;
    private long _rateLimited;
    private int _posting;
    private int _disposed;

    public RollbarNotifier(HttpClient http, RollbarOptions options, TextWriter? errors = null, bool ownsHttp = false)
    {
        _ownsHttp = ownsHttp;
        _http = http;
        _options = options;
        _itemUri = new Uri(options.Endpoint.TrimEnd('/') + "/api/1/item/");
        _errors = errors ?? Console.Error;
        _loop = Task.Run(RunAsync);
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>How many times Rollbar answered 429.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Queues an item's <c>data</c>; past MaxQueuedItems the oldest is dropped.</summary>
    public void Enqueue(JsonObject data)
    {
        lock (_queue)
        {
            _queue.AddLast(data);
            if (_queue.Count > _options.MaxQueuedItems)
            {
                _queue.RemoveFirst();
                Interlocked.Increment(ref _dropped);
                SinkMeter.RollbarDropped.Add(1, SinkMeter.Because("queue_full"));
            }
        }

        _wake.Release();
    }

    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Pending > 0 || Volatile.Read(ref _posting) > 0)
        {
            if (clock.Elapsed >= timeout || _loop.IsCompleted)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await FlushAsync(_options.PostTimeout);
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        _wake.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private int Pending
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(stopping);
                await DrainAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception unexpected)
            {
                Report(unexpected.GetType().Name, $"Rollbar: unexpected failure: {unexpected}");
            }
        }
    }

    private async Task DrainAsync(CancellationToken stopping)
    {
        while (true)
        {
            await WaitForRateAsync(stopping);
            JsonObject? item;
            lock (_queue)
            {
                item = _queue.First?.Value;
                if (item is null)
                {
                    return;
                }

                _queue.RemoveFirst();
                Volatile.Write(ref _posting, 1);
            }

            try
            {
                var pause = await PostAsync(item, stopping);
                if (pause is { } until)
                {
                    // Back to the front: it is the next to go once the window resets.
                    lock (_queue)
                    {
                        _queue.AddFirst(item);
                    }

                    await Task.Delay(until, stopping);
                }
            }
            finally
            {
                Volatile.Write(ref _posting, 0);
            }
        }
    }

    // Our own limit, before Rollbar's: a burst of errors should not use up the account's quota.
    private async Task WaitForRateAsync(CancellationToken stopping)
    {
        var now = Stopwatch.GetTimestamp();
        while (_recentPosts.Count > 0 && Stopwatch.GetElapsedTime(_recentPosts.Peek(), now) >= TimeSpan.FromMinutes(1))
        {
            _recentPosts.Dequeue();
        }

        if (_recentPosts.Count >= _options.MaxReportsPerMinute)
        {
            await Task.Delay(TimeSpan.FromMinutes(1) - Stopwatch.GetElapsedTime(_recentPosts.Dequeue(), now), stopping);
        }
    }

    /// <summary>Posts one item; returns how long to pause when rate limited.</summary>
    private async Task<TimeSpan?> PostAsync(JsonObject data, CancellationToken stopping)
    {
        _recentPosts.Enqueue(Stopwatch.GetTimestamp());
        using var request = new HttpRequestMessage(HttpMethod.Post, _itemUri)
        {
            Content = new ByteArrayContent(RollbarPayload.Serialize(data)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(TokenHeader, _options.AccessToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.PostTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _sent);
                SinkMeter.RollbarSent.Add(1);
                return null;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref _rateLimited);
                var pause = PauseFrom(response);
                Report("429", $"Rollbar: rate limited, pausing {pause.TotalSeconds:0.#} s.");
                return pause;
            }

            var answer = await response.Content.ReadAsStringAsync(timeout.Token);
            Interlocked.Increment(ref _dropped);
            SinkMeter.RollbarDropped.Add(1, SinkMeter.Because("refused"));
            Report($"{(int)response.StatusCode}", $"Rollbar refused an item ({(int)response.StatusCode}): {answer}");
            return null;
        }
        catch (Exception failure) when (failure is HttpRequestException || (failure is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            Interlocked.Increment(ref _dropped);
            SinkMeter.RollbarDropped.Add(1, SinkMeter.Because("unreachable"));
            Report("unreachable", $"Rollbar unreachable, item dropped: {failure.Message}");
            return null;
        }
    }

    private static TimeSpan PauseFrom(HttpResponseMessage response)
    {
        static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        if (long.TryParse(Header(response, "X-Rate-Limit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            var until = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return until > TimeSpan.Zero ? until : TimeSpan.FromSeconds(1);
        }

        if (long.TryParse(Header(response, "X-Rate-Limit-Remaining-Seconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(seconds, 1));
        }

        return TimeSpan.FromSeconds(60);
    }

    private void Report(string condition, string message)
    {
        lock (_reported)
        {
            if (!_reported.Add(condition))
            {
                return;
            }
        }

        _errors.WriteLine(message);
    }
}
