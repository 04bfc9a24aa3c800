namespace Cruddur.Insights.Spend;

// The Spend API's shapes: counts over the window and over the whole run, monthly projections.

public sealed record SpendReport(
    DateTimeOffset Now,
    double WindowSeconds,
    double ObservedSeconds,
    double RunSeconds,
    IReadOnlyList<SinkSpend> Sinks,
    SpendTraffic Traffic,
    string Summary);

/// <summary>One sink: what it bills in the window, at that rate for a month, against its free tier.</summary>
public sealed record SinkSpend(
    string Sink,
    string Name,
    string Unit,
    double Window,
    double Run,
    double PerMonth,
    double FreeTier,
    double Percent,
    bool OverFreeTier,
    IReadOnlyList<SpendCount> Counts);

/// <summary>One counter of a sink (sent, dropped, rejected…), summed over services and reasons.</summary>
public sealed record SpendCount(string Instrument, string Label, double Window, double Run);

/// <summary>The observed traffic mix the "what if" starts from.</summary>
public sealed record SpendTraffic(int Traces, double RequestsPerSecond, double HoneycombEventsPerRequest, double? XRaySegmentsPerTrace);

public sealed record SpendWhatIf(
    double RequestsPerSecond,
    int ReservoirSize,
    double FixedRate,
    double XRayTracesPerSecond,
    double XRayTracesPerMonth,
    double XRayPercent,
    bool XRayOverFreeTier,
    double? MaxFixedRateUnderFreeTier,
    double HoneycombEventsPerMonth,
    double HoneycombPercent,
    bool HoneycombOverFreeTier);
