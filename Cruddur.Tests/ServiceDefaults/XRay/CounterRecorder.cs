using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Cruddur.Tests.ServiceDefaults.XRay;

/// <summary>Sums the counters of one meter instance, keyed by <c>name</c> or <c>name/reason</c>.</summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public CounterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    key += "/" + tag.Value;
                }
            }

            _totals.AddOrUpdate(key, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long this[string key] => _totals.TryGetValue(key, out var total) ? total : 0;

    public void Dispose() => _listener.Dispose();
}
