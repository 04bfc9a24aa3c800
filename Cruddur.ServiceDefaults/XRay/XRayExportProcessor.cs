using System.Diagnostics;
using System.Threading.Channels;
using OpenTelemetry;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// A bounded queue in front of the exporter: a request only enqueues its finished spans (never
/// waits), a background task sends them, and a full queue drops the span and counts it.
/// Unlike the SDK's batch processor, the drops are visible as a metric.
/// </summary>
public sealed class XRayExportProcessor : BaseProcessor<Activity>
{
    public const int DefaultCapacity = 2048;
    private const int MaxBatch = 256;

    private readonly BaseExporter<Activity> _exporter;
    private readonly XRayTelemetry _telemetry;
    private readonly Channel<Activity> _queue;
    private readonly Task _sender;
    private long _pending;

    private readonly IDisposable? _companion;

    /// <param name="companion">Lives as long as the pipeline (the centralized rules poller).</param>
    public XRayExportProcessor(BaseExporter<Activity> exporter, XRayTelemetry telemetry, int capacity = DefaultCapacity,
        IDisposable? companion = null)
    {
        _companion = companion;
        _exporter = exporter;
        _telemetry = telemetry;
        _queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _sender = Task.Run(SendAsync);
    }

    public override void OnEnd(Activity data)
    {
        if (!XRaySegmentExporter.IsXRaySampled(data))
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(data))
        {
            Interlocked.Decrement(ref _pending);
            _telemetry.Dropped(XRayTelemetry.QueueFull);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        var deadline = Environment.TickCount64 + (timeoutMilliseconds < 0 ? int.MaxValue : timeoutMilliseconds);
        while (Interlocked.Read(ref _pending) > 0)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return _exporter.ForceFlush(timeoutMilliseconds);
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _queue.Writer.TryComplete();
        var drained = _sender.Wait(timeoutMilliseconds < 0 ? Timeout.Infinite : timeoutMilliseconds);
        return _exporter.Shutdown(timeoutMilliseconds) && drained;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _queue.Writer.TryComplete();
            _exporter.Dispose();
            _companion?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task SendAsync()
    {
        var batch = new Activity[MaxBatch];
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var count = 0;
            while (count < MaxBatch && _queue.Reader.TryRead(out var activity))
            {
                batch[count++] = activity;
            }

            try
            {
                _exporter.Export(new Batch<Activity>(batch, count));
            }
            catch (Exception)
            {
                // The sender must survive anything the exporter throws; the batch is lost, and counted.
                for (var i = 0; i < count; i++)
                {
                    _telemetry.Dropped(XRayTelemetry.SendFailed);
                }
            }
            finally
            {
                Array.Clear(batch, 0, count);
                Interlocked.Add(ref _pending, -count);
            }
        }
    }
}
