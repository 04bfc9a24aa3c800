namespace Cruddur.Insights.Feed;

/// <summary>What <c>GET /api/feed</c> shows: whether the feed follows the dashboard now, since when, and its counts.</summary>
internal sealed class FeedState(FeedOptions options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private bool _connected;
    private DateTimeOffset? _since;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private long _spans;
    private long _skipped;
    private long _reconnects;

    public long SpansReceived => Interlocked.Read(ref _spans);

    public long LinesSkipped => Interlocked.Read(ref _skipped);

    public void AddSpans(int count) => Interlocked.Add(ref _spans, count);

    public void LineSkipped() => Interlocked.Increment(ref _skipped);

    public void Reconnecting() => Interlocked.Increment(ref _reconnects);

    public void Connected()
    {
        lock (_gate)
        {
            _connected = true;
            _since = clock.GetUtcNow();
        }
    }

    public void Disconnected(string problem)
    {
        lock (_gate)
        {
            if (_connected || _since is null)
            {
                _since = clock.GetUtcNow();
            }
            _connected = false;
            _lastError = problem;
            _lastErrorAt = clock.GetUtcNow();
        }
    }

    public FeedStatus Status()
    {
        lock (_gate)
        {
            return new FeedStatus(
                options.Url is not null,
                // The address only: a user name or password in it is not for the page.
                options.Url?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped),
                _connected,
                _since,
                SpansReceived,
                LinesSkipped,
                Interlocked.Read(ref _reconnects),
                _lastError,
                _lastErrorAt);
        }
    }
}

/// <param name="Enabled">False when Insights:Dashboard:Url is not set.</param>
/// <param name="Since">When the feed connected, or when it lost the dashboard (null before the first attempt).</param>
/// <param name="SpansReceived">Spans read and handed to the store, replays after a reconnect included (the store keeps each once).</param>
/// <param name="LinesSkipped">Lines that were not a span the store can take (malformed JSON, bad ids, over 4 MB).</param>
/// <param name="Reconnects">Connection attempts after the first: retries while the dashboard was down and reconnects after a drop.</param>
internal sealed record FeedStatus(
    bool Enabled,
    string? Dashboard,
    bool Connected,
    DateTimeOffset? Since,
    long SpansReceived,
    long LinesSkipped,
    long Reconnects,
    string? LastError,
    DateTimeOffset? LastErrorAt);
