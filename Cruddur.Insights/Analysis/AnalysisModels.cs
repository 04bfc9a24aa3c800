namespace Cruddur.Insights.Analysis;

// Shapes of the analysis views' JSON: camelCase on the wire, durations in ms, heatmap times as Unix ms.

/// <summary>A trace a view names, and its page on the Aspire dashboard (null when Insights:Dashboard:Url is unset).</summary>
/// <param name="SpanId">The span that made the trace worth naming (the request, the call).</param>
public sealed record TraceExample(string TraceId, string SpanId, DateTimeOffset StartTime, double DurationMs, bool HasError, string? DashboardUrl);

public sealed record RouteTable(string Window, double WindowSeconds, IReadOnlyList<RouteRow> Routes);

/// <param name="SlowestTrace">The route's slowest request in the window.</param>
/// <param name="LatestErrorTrace">The route's latest failed request in the window, if any.</param>
public sealed record RouteRow(
    string Service,
    string Route,
    int Count,
    int Errors,
    double RequestsPerSecond,
    double ErrorRate,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    TraceExample SlowestTrace,
    TraceExample? LatestErrorTrace);

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

/// <param name="Traces">The slowest requests of the selection.</param>
public sealed record HeatmapSelection(
    int SelectedCount,
    int BaselineCount,
    IReadOnlyList<TraceExample> Traces,
    IReadOnlyList<AttributeDifference> Comparison);

public sealed record AttributeDifference(string Key, string Value, int SelectedCount, double SelectedPercent, double BaselinePercent, double DifferencePercent);

public sealed record ServiceMapGraph(string Window, IReadOnlyList<ServiceMapNode> Nodes, IReadOnlyList<ServiceMapEdge> Edges);

/// <param name="Traces">The drill-down: the node's latest failed and slowest spans (for a peer: the calls to it).</param>
public sealed record ServiceMapNode(string Name, bool Instrumented, int SpanCount, IReadOnlyList<TraceExample> Traces);

/// <param name="Traces">The drill-down: the call's latest failures and slowest occurrences.</param>
public sealed record ServiceMapEdge(string From, string To, bool ToInstrumented, int Count, int Errors, double ErrorRate, double P90Ms, IReadOnlyList<TraceExample> Traces);

public sealed record TraceComparisonResult(
    string TraceIdA,
    string TraceIdB,
    double DurationMsA,
    double DurationMsB,
    IReadOnlyList<ComparedSpan> Spans,
    string? DashboardUrlA,
    string? DashboardUrlB);

public sealed record ComparedSpan(string Service, string Name, int Occurrence, int Depth, double? DurationMsA, double? DurationMsB, double? DifferenceMs);

/// <param name="Dashboard">The trace on the Aspire dashboard.</param>
/// <param name="HoneycombNote">Why there is no Honeycomb link, when there is none; likewise the other notes.</param>
public sealed record TraceLinkSet(
    string TraceId,
    string XRayTraceId,
    string? Dashboard,
    string? DashboardNote,
    string? Honeycomb,
    string? HoneycombNote,
    string? XRay,
    string? XRayNote,
    IReadOnlyList<RollbarItemLink> Rollbar);

public sealed record RollbarItemLink(string Uuid, string Service, string Url);
