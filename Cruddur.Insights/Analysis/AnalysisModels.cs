namespace Cruddur.Insights.Analysis;

// Shapes of the analysis views' JSON: camelCase on the wire, durations in ms, times as Unix ms.

public sealed record RouteTable(string Window, double WindowSeconds, IReadOnlyList<RouteRow> Routes);

public sealed record RouteRow(
    string Service,
    string Route,
    int Count,
    int Errors,
    double RequestsPerSecond,
    double ErrorRate,
    double P50Ms,
    double P90Ms,
    double P99Ms);

public sealed record HeatmapGrid(
    string Service,
    string Route,
    string Window,
    int Total,
    double FromMs,
    double ToMs,
    double ColumnMs,
    IReadOnlyList<double> DurationBoundsMs,
    IReadOnlyList<IReadOnlyList<int>> Counts,
    int MaxCount);

public sealed record HeatmapSelection(
    int SelectedCount,
    int BaselineCount,
    IReadOnlyList<SelectedTrace> Traces,
    IReadOnlyList<AttributeDifference> Comparison);

public sealed record SelectedTrace(string TraceId, string SpanId, DateTimeOffset StartTime, double DurationMs, bool HasError);

public sealed record AttributeDifference(string Key, string Value, int SelectedCount, double SelectedPercent, double BaselinePercent, double DifferencePercent);

public sealed record ServiceMapGraph(string Window, IReadOnlyList<ServiceMapNode> Nodes, IReadOnlyList<ServiceMapEdge> Edges);

/// <param name="TraceQuery">The trace list's query string that shows this node's traces.</param>
public sealed record ServiceMapNode(string Name, bool Instrumented, int SpanCount, string TraceQuery);

/// <param name="TraceQuery">The trace list's query string that shows the traces with this call.</param>
public sealed record ServiceMapEdge(string From, string To, bool ToInstrumented, int Count, int Errors, double ErrorRate, double P90Ms, string TraceQuery);

public sealed record TraceComparisonResult(string TraceIdA, string TraceIdB, double DurationMsA, double DurationMsB, IReadOnlyList<ComparedSpan> Spans);

public sealed record ComparedSpan(string Service, string Name, int Occurrence, int Depth, double? DurationMsA, double? DurationMsB, double? DifferenceMs);

/// <param name="HoneycombNote">Why there is no Honeycomb link, when there is none.</param>
public sealed record TraceLinkSet(string? Honeycomb, string? HoneycombNote, string? XRay, string? XRayNote, IReadOnlyList<RollbarItemLink> Rollbar);

public sealed record RollbarItemLink(string Uuid, string Service, string Url);
