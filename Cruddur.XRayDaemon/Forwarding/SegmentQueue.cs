using System.Threading.Channels;
using Cruddur.XRayDaemon.Hosting;

namespace Cruddur.XRayDaemon.Forwarding;

/// <summary>Bounded: when X-Ray is slower than the services, the oldest documents go first (counted).</summary>
internal sealed class SegmentQueue
{
    private readonly Channel<string> _channel;

    public SegmentQueue(DaemonOptions options, DaemonCounters counters) =>
        _channel = Channel.CreateBounded<string>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => counters.AddDropped(1));

    public ChannelReader<string> Reader => _channel.Reader;

    public void Add(string document) => _channel.Writer.TryWrite(document);
}
