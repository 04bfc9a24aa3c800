namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>A rule's per-second quota: the first <c>ReservoirSize</c> requests of each second are taken.</summary>
internal sealed class SamplingReservoir(int perSecond, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private long _second = long.MinValue;
    private int _used;

    public bool TryTake()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (now != _second)
            {
                _second = now;
                _used = 0;
            }

            if (_used >= perSecond)
            {
                return false;
            }

            _used++;
            return true;
        }
    }
}
