using System.Collections.Concurrent;
using System.Diagnostics;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// The bounded queue between loggers and CloudWatch Logs, and the background loop that empties it
/// in PutLogEvents batches: every interval, or sooner once a batch's worth is waiting.
/// </summary>
internal sealed class CloudWatchLogShipper : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentQueue<CloudWatchLogEvent> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _reported = [];
    private readonly CloudWatchLogsClient _client;
    private readonly CloudWatchOptions _options;
    private readonly CloudWatchEventFormatter _formatter;
    private readonly string _logGroup;
    private readonly TextWriter _errors;
    private readonly Task _loop;
    private readonly IDisposable? _owned;
    private int _queued;
    private long _queuedBytes;
    private int _wakePending;
    private int _inFlight;
    private long _sent;
    private long _dropped;
    private long _rejected;
    private long _lastWarningTicks = long.MinValue;
    private bool _streamReady;
    private int _disposed;

    public CloudWatchLogShipper(CloudWatchLogsClient client, CloudWatchOptions options, CloudWatchEventFormatter formatter,
        string logStream, TextWriter? errors = null, IDisposable? owned = null)
    {
        _owned = owned;
        _client = client;
        _options = options;
        _formatter = formatter;
        _logGroup = options.LogGroup;
        LogStream = logStream;
        _errors = errors ?? Console.Error;
        _loop = Task.Run(RunAsync);
    }

    public string LogStream { get; }

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Rejected => Interlocked.Read(ref _rejected);

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Never blocks: past MaxQueuedMessages the event is dropped and counted.</summary>
    public void Enqueue(CloudWatchLogEvent logEvent)
    {
        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedMessages)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            SinkMeter.CloudWatchDropped.Add(1, SinkMeter.Because("queue_full"));
            WarnOfOverflow();
            return;
        }

        Add(logEvent);
    }

    /// <summary>Sends what is queued now; returns false when the timeout passed first.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        Wake();
        while (Volatile.Read(ref _queued) > 0 || Volatile.Read(ref _inFlight) > 0)
        {
            if (deadline.Elapsed >= timeout || _loop.IsCompleted)
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

        if (!await FlushAsync(_options.FlushTimeout))
        {
            Report("flush", $"CloudWatch Logs: {Volatile.Read(ref _queued) + Volatile.Read(ref _inFlight)} events not sent within the flush timeout {_options.FlushTimeout}.");
        }

        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        _wake.Dispose();
        _owned?.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Add(CloudWatchLogEvent logEvent)
    {
        _queue.Enqueue(logEvent);
        if (Interlocked.Add(ref _queuedBytes, logEvent.Size) >= _options.BatchPushSizeInBytes
            || Volatile.Read(ref _queued) >= CloudWatchLogBatch.MaxEvents)
        {
            Wake();
        }
    }

    private void WarnOfOverflow()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (last != long.MinValue && Stopwatch.GetElapsedTime(last, now) < WarningInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastWarningTicks, now, last) != last)
        {
            return;
        }

        // The warning itself goes past the cap: it is the one line that explains the gap.
        var time = DateTimeOffset.UtcNow;
        var message = _formatter.FormatUtf8(time, LogLevel.Warning, typeof(CloudWatchLogShipper).FullName!, default,
            $"The CloudWatch Logs queue is full (MaxQueuedMessages = {_options.MaxQueuedMessages}); {Dropped} log events dropped so far.",
            null, null, null, null);
        Interlocked.Increment(ref _queued);
        Add(new CloudWatchLogEvent(time.ToUnixTimeMilliseconds(), message));
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release();
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.BatchPushInterval, stopping);
                Volatile.Write(ref _wakePending, 0);
                await DrainAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception unexpected)
            {
                // Never into ILogger: that would feed the queue with its own failures.
                Report(unexpected.GetType().Name, $"CloudWatch Logs: unexpected failure: {unexpected}");
            }
        }
    }

    private async Task DrainAsync(CancellationToken stopping)
    {
        while (!_queue.IsEmpty)
        {
            var batch = CloudWatchLogBatch.Take(
                () => _queue.TryPeek(out var next) ? next : null,
                () =>
                {
                    if (_queue.TryDequeue(out var taken))
                    {
                        Volatile.Write(ref _inFlight, Volatile.Read(ref _inFlight) + 1);
                        Interlocked.Decrement(ref _queued);
                        Interlocked.Add(ref _queuedBytes, -taken.Size);
                    }
                });
            try
            {
                await SendAsync(batch, stopping);
            }
            finally
            {
                Volatile.Write(ref _inFlight, 0);
            }
        }
    }

    private async Task SendAsync(List<CloudWatchLogEvent> batch, CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!_streamReady)
                {
                    await CreateStreamAsync(stopping);
                    _streamReady = true;
                }

                var rejected = await _client.PutLogEventsAsync(_logGroup, LogStream, batch, stopping);
                var bytes = batch.Sum(logEvent => (long)logEvent.Size);
                Interlocked.Add(ref _sent, batch.Count - rejected);
                Interlocked.Add(ref _rejected, rejected);
                SinkMeter.CloudWatchSent.Add(batch.Count - rejected);
                SinkMeter.CloudWatchBytes.Add(bytes);
                if (rejected > 0)
                {
                    SinkMeter.CloudWatchRejected.Add(rejected);
                }

                Recovered();
                return;
            }
            catch (CloudWatchLogsException error) when (error.ErrorType == "ResourceNotFoundException")
            {
                // The group or stream was deleted under us: create them again, then resend.
                _streamReady = false;
                Report(error.ErrorType, $"CloudWatch Logs: {error.Message}; re-creating {_logGroup}/{LogStream}.");
                if (attempt > 0)
                {
                    await Task.Delay(Backoff(attempt), stopping);
                }
            }
            catch (CloudWatchLogsException error) when (!error.IsTransient)
            {
                Interlocked.Add(ref _dropped, batch.Count);
                SinkMeter.CloudWatchDropped.Add(batch.Count, SinkMeter.Because(error.ErrorType));
                Report(error.ErrorType, $"CloudWatch Logs refused a batch of {batch.Count} events, dropped: {error.Message}");
                return;
            }
            catch (Exception error) when (error is CloudWatchLogsException or HttpRequestException
                || (error is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                Report("transient", $"CloudWatch Logs unavailable, retrying with backoff: {error.Message}");
                await Task.Delay(Backoff(attempt), stopping);
            }
        }
    }

    private async Task CreateStreamAsync(CancellationToken stopping)
    {
        if (!_options.DisableLogGroupCreation)
        {
            await _client.CreateLogGroupAsync(_logGroup, stopping);
            if (_options.NewLogGroupRetentionInDays is { } days)
            {
                await _client.PutRetentionPolicyAsync(_logGroup, days, stopping);
            }
        }

        await _client.CreateLogStreamAsync(_logGroup, LogStream, stopping);
    }

    // Exponential from 200 ms, capped, with full jitter so many processes do not retry in step.
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(attempt, 16)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
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

    private void Recovered()
    {
        lock (_reported)
        {
            if (_reported.Remove("transient"))
            {
                _errors.WriteLine("CloudWatch Logs: reachable again.");
            }
        }
    }
}
