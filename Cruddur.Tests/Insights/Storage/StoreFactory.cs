using Cruddur.Insights;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Tests.Insights.Storage;

/// <summary>The real stores and converter with chosen limits, without a web host.</summary>
internal sealed class StoreFactory
{
    public StoreFactory(Action<LimitOptions>? limits = null)
    {
        var options = new InsightsOptions();
        limits?.Invoke(options.Limits);
        var wrapped = Options.Create(options);
        Traces = new TraceStore(wrapped);
        Metrics = new MetricStore(wrapped);
        Converter = new OtlpConverter(new AttributeReader(wrapped), Traces, Metrics);
    }

    public TraceStore Traces { get; }
    public MetricStore Metrics { get; }
    public OtlpConverter Converter { get; }
}
