namespace Cruddur.XRayDaemon.Hosting;

/// <summary>What the daemon has done since it started; logged periodically.</summary>
internal sealed class DaemonCounters
{
    private long _received;
    private long _rejected;
    private long _sent;
    private long _dropped;
    private long _unprocessed;

    public long Received => Interlocked.Read(ref _received);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Unprocessed => Interlocked.Read(ref _unprocessed);

    public void AddReceived() => Interlocked.Increment(ref _received);

    public void AddRejected() => Interlocked.Increment(ref _rejected);

    public void AddSent(long count) => Interlocked.Add(ref _sent, count);

    public void AddDropped(long count) => Interlocked.Add(ref _dropped, count);

    public void AddUnprocessed(long count) => Interlocked.Add(ref _unprocessed, count);

    public override string ToString() =>
        $"received={Received} sent={Sent} rejected={Rejected} dropped={Dropped} unprocessed={Unprocessed}";
}
