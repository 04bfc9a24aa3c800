namespace Cruddur.Insights.Storage;

/// <summary>An attribute flattened to text: what the UI shows and filters on.</summary>
internal readonly record struct TelemetryAttribute(string Key, string Value);
