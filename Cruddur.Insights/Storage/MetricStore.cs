using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Storage;

/// <summary>Bounded metric store: the oldest point across all instruments is evicted first.</summary>
internal sealed class MetricStore(IOptions<InsightsOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Service, string Name), MetricInstrument> _instruments = [];
    private readonly Queue<MetricInstrument> _pointOrder = new();
    private readonly int _max = options.Value.Limits.MaxMetricPoints;

    public int PointCount
    {
        get
        {
            lock (_gate)
            {
                return _pointOrder.Count;
            }
        }
    }

    public void Add(IReadOnlyList<MetricSeries> batch)
    {
        lock (_gate)
        {
            foreach (var series in batch)
            {
                var key = (series.Service, series.Name);
                if (!_instruments.TryGetValue(key, out var instrument))
                {
                    _instruments[key] = instrument = new MetricInstrument(series.Service, series.Scope, series.Name, series.Description, series.Unit, series.Type);
                }
                instrument.Description = series.Description;
                instrument.Unit = series.Unit;
                instrument.Type = series.Type;
                foreach (var point in series.Points)
                {
                    instrument.Points.Enqueue(point);
                    _pointOrder.Enqueue(instrument);
                }
            }
            // Points are queued in arrival order, so each instrument's head is the globally oldest for it.
            while (_pointOrder.Count > _max)
            {
                var oldest = _pointOrder.Dequeue();
                oldest.Points.Dequeue();
                if (oldest.Points.Count == 0)
                {
                    _instruments.Remove((oldest.Service, oldest.Name));
                }
            }
        }
    }

    public IReadOnlyList<MetricInstrumentInfo> Instruments()
    {
        lock (_gate)
        {
            return [.. _instruments.Values.Select(i => new MetricInstrumentInfo(i.Service, i.Scope, i.Name, i.Description, i.Unit, i.Type, i.Points.Count))];
        }
    }

    public (MetricInstrumentInfo Info, MetricPoint[] Points)? Find(string service, string name)
    {
        lock (_gate)
        {
            if (!_instruments.TryGetValue((service, name), out var i))
            {
                return null;
            }
            return (new MetricInstrumentInfo(i.Service, i.Scope, i.Name, i.Description, i.Unit, i.Type, i.Points.Count), [.. i.Points]);
        }
    }
}

internal sealed record MetricInstrumentInfo(string Service, string Scope, string Name, string Description, string Unit, string Type, int PointCount);
