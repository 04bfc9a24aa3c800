using System.Threading.Channels;
using Cruddur.XRayDaemon.Hosting;

namespace Cruddur.XRayDaemon.Showing;

/// <summary>
/// Documents on their way to Insights. Bounded and never waited on: when Insights is slow or down,
/// new documents are dropped here and counted, and forwarding to X-Ray is untouched.
/// </summary>
internal sealed class InsightsFeed
{
    public const int Capacity = 2000;

    private readonly Channel<string>? _channel;
    private readonly DaemonCounters _counters;

    public InsightsFeed(DaemonOptions options, DaemonCounters counters)
    {
        _counters = counters;
        if (options.Insights is not null)
        {
            _channel = Channel.CreateBounded<string>(
                new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
                _ => counters.AddNotShown(1));
        }
    }

    public bool Enabled => _channel is not null;

    public ChannelReader<string> Reader => _channel?.Reader ?? throw new InvalidOperationException("No Insights address is configured.");

    public void Add(string document) => _channel?.Writer.TryWrite(document);

    /// <summary>Counts a batch Insights never took.</summary>
    public void Lost(int count) => _counters.AddNotShown(count);
}
