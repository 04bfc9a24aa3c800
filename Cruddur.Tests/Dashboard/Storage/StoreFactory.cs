using Cruddur.Dashboard;
using Cruddur.Dashboard.Otlp;
using Cruddur.Dashboard.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Tests.Dashboard.Storage;

/// <summary>The real stores and converter with chosen limits, without a web host.</summary>
internal sealed class StoreFactory
{
    public StoreFactory(Action<LimitOptions>? limits = null)
    {
        var options = new DashboardOptions();
        limits?.Invoke(options.Limits);
        var wrapped = Options.Create(options);
        Traces = new TraceStore(wrapped);
        Logs = new LogStore(wrapped);
        Metrics = new MetricStore(wrapped);
        Converter = new OtlpConverter(new AttributeReader(wrapped), Traces, Logs, Metrics);
    }

    public TraceStore Traces { get; }
    public LogStore Logs { get; }
    public MetricStore Metrics { get; }
    public OtlpConverter Converter { get; }
}
