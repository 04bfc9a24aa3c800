namespace Cruddur.Insights.Storage;

/// <summary>What ingest hands to the metric store: one instrument's new points.</summary>
internal sealed record MetricSeries(string Service, string Scope, string Name, string Description, string Unit, string Type, IReadOnlyList<MetricPoint> Points);
