namespace Cruddur.Insights.Storage;

/// <summary>An instrument of one service and its points, oldest first. Guarded by the metric store's lock.</summary>
internal sealed class MetricInstrument(string service, string scope, string name, string description, string unit, string type)
{
    public string Service { get; } = service;
    public string Scope { get; } = scope;
    public string Name { get; } = name;
    public string Description { get; set; } = description;
    public string Unit { get; set; } = unit;
    public string Type { get; set; } = type;
    public Queue<MetricPoint> Points { get; } = new();
}
