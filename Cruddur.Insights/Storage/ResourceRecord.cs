namespace Cruddur.Insights.Storage;

/// <summary>The sender of a batch; shared by every item of that batch.</summary>
internal sealed record ResourceRecord(string ServiceName, TelemetryAttribute[] Attributes);
