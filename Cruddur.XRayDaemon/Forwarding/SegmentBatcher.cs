using Cruddur.XRayDaemon.Hosting;

namespace Cruddur.XRayDaemon.Forwarding;

/// <summary>
/// Takes documents off the queue in batches of at most 50 (the PutTraceSegments limit); a
/// partial batch goes after 1 s without a new document. Local-only: documents are only counted.
/// </summary>
internal sealed partial class SegmentBatcher(
    SegmentQueue queue, XRayApi api, AwsAccess access, DaemonCounters counters, ILogger<SegmentBatcher> logger) : BackgroundService
{
    public const int MaxBatch = 50;
    public static readonly TimeSpan IdleFlush = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var batch = new List<string>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch)
                {
                    if (reader.TryRead(out var document))
                    {
                        batch.Add(document);
                        continue;
                    }

                    if (!await WaitForMoreAsync(reader, stoppingToken))
                    {
                        break;
                    }
                }

                await SendAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopping(logger, counters.ToString());
        }
    }

    private static async Task<bool> WaitForMoreAsync(System.Threading.Channels.ChannelReader<string> reader, CancellationToken stoppingToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        idle.CancelAfter(IdleFlush);
        try
        {
            return await reader.WaitToReadAsync(idle.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task SendAsync(List<string> batch, CancellationToken stoppingToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (!access.CanForward)
        {
            foreach (var document in batch)
            {
                LogLocalDocument(logger, document);
            }

            return;
        }

        var unprocessed = await api.PutTraceSegmentsAsync(batch, stoppingToken);
        if (unprocessed is null)
        {
            counters.AddDropped(batch.Count);
            return;
        }

        counters.AddSent(batch.Count - unprocessed.Value);
        counters.AddUnprocessed(unprocessed.Value);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Local-only, not sent: {Document}")]
    private static partial void LogLocalDocument(ILogger logger, string document);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping; counts: {Counts}")]
    private static partial void LogStopping(ILogger logger, string counts);
}
