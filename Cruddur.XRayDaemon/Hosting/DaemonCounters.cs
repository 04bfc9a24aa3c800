namespace Cruddur.XRayDaemon.Hosting;

/// <summary>What the daemon has done since it started; logged periodically.</summary>
internal sealed class DaemonCounters
{
    private long _received;
    private long _rejected;
    private long _sent;
    private long _dropped;
    private long _unprocessed;
    private long _shown;
    private long _notShown;

    public long Received => Interlocked.Read(ref _received);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Unprocessed => Interlocked.Read(ref _unprocessed);

    /// <summary>Documents Insights accepted.</summary>
    public long Shown => Interlocked.Read(ref _shown);

    /// <summary>Documents not passed to Insights: its queue was full, or Insights was down or refused them.</summary>
    public long NotShown => Interlocked.Read(ref _notShown);

    public void AddShown(long count) => Interlocked.Add(ref _shown, count);

    public void AddNotShown(long count) => Interlocked.Add(ref _notShown, count);

    public void AddReceived() => Interlocked.Increment(ref _received);

    public void AddRejected() => Interlocked.Increment(ref _rejected);

    public void AddSent(long count) => Interlocked.Add(ref _sent, count);

    public void AddDropped(long count) => Interlocked.Add(ref _dropped, count);

    public void AddUnprocessed(long count) => Interlocked.Add(ref _unprocessed, count);

    public override string ToString() =>
        $"received={Received} sent={Sent} rejected={Rejected} dropped={Dropped} unprocessed={Unprocessed} shown={Shown} not_shown={NotShown}";
}
