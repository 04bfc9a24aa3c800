using System.Globalization;
using Cruddur.Insights.Storage;
using Cruddur.ServiceDefaults.Telemetry;

namespace Cruddur.Insights.Spend;

/// <summary>
/// Reads the <c>Cruddur.Telemetry</c> counters every service sends (cumulative, every few seconds)
/// and the stored traces, and turns them into what each sink bills.
/// </summary>
internal sealed class SpendCalculator(MetricStore metrics, TraceStore traces, SpendOptions options, TimeProvider clock)
{
    private static readonly SinkDefinition[] Definitions =
    [
        new("honeycomb", "Honeycomb", "events", SinkMeter.HoneycombEventsSent, o => o.HoneycombEventsPerMonth,
            [(SinkMeter.HoneycombEventsSent, "events sent"), (SinkMeter.HoneycombEventsDropped, "events dropped")]),
        new("xray", "AWS X-Ray", "traces", SinkMeter.XRayTracesRecorded, o => o.XRayTracesPerMonth,
            [(SinkMeter.XRayTracesRecorded, "traces recorded"), (SinkMeter.XRaySegmentsSent, "segments sent"),
             (SinkMeter.XRaySegmentsDropped, "segments dropped"), (SinkMeter.XRaySegmentsTrimmed, "segments trimmed")]),
        new("cloudwatch", "CloudWatch Logs", "bytes", SinkMeter.CloudWatchBytesSent, o => o.CloudWatchGigabytesPerMonth * SpendProjection.BytesPerGigabyte,
            [(SinkMeter.CloudWatchBytesSent, "bytes ingested"), (SinkMeter.CloudWatchEventsSent, "events sent"),
             (SinkMeter.CloudWatchEventsDropped, "events dropped"), (SinkMeter.CloudWatchEventsRejected, "events rejected")]),
        new("rollbar", "Rollbar", "items", SinkMeter.RollbarItemsSent, o => o.RollbarItemsPerMonth,
            [(SinkMeter.RollbarItemsSent, "items sent"), (SinkMeter.RollbarItemsDropped, "items dropped")]),
    ];

    public SpendReport Report(TimeSpan window)
    {
        var now = clock.GetUtcNow();
        var nowNanos = Nanos(now);
        var from = nowNanos - (long)(window.TotalMilliseconds * 1_000_000);
        var (observed, run) = ObservedSeconds(nowNanos, from);
        var sinks = Definitions.Select(definition => Sink(definition, from, observed, run)).ToArray();
        var traffic = Traffic(from, observed, sinks);
        return new SpendReport(now, window.TotalSeconds, observed, run, sinks, traffic, Summary(sinks, run));
    }

    public SpendWhatIf WhatIf(TimeSpan window, double? requestsPerSecond, int reservoirSize, double fixedRate)
    {
        var nowNanos = Nanos(clock.GetUtcNow());
        var from = nowNanos - (long)(window.TotalMilliseconds * 1_000_000);
        var (observed, _) = ObservedSeconds(nowNanos, from);
        var inWindow = TracesSince(from);
        var perSecond = ArrivalsPerSecond(inWindow, from, nowNanos);
        var rate = requestsPerSecond ?? (observed > 0 ? inWindow.Length / observed : 0);

        var xrayPerSecond = SpendProjection.SampledPerSecond(perSecond, rate, reservoirSize, fixedRate);
        var xrayPerMonth = xrayPerSecond * SpendProjection.SecondsPerMonth;
        var xrayTier = options.XRayTracesPerMonth;
        // The rule is linear in the fixed rate: solve for the largest one that stays under the tier.
        var reservoirOnly = SpendProjection.SampledPerSecond(perSecond, rate, reservoirSize, 0);
        var beyondReservoir = SpendProjection.SampledPerSecond(perSecond, rate, reservoirSize, 1) - reservoirOnly;
        var tierPerSecond = xrayTier / SpendProjection.SecondsPerMonth;
        double? maxFixedRate = reservoirOnly > tierPerSecond ? null
            : beyondReservoir <= 0 ? 1
            : Math.Clamp((tierPerSecond - reservoirOnly) / beyondReservoir, 0, 1);

        var honeycombPerMonth = HoneycombEventsPerRequest(inWindow) * rate * SpendProjection.SecondsPerMonth;
        var honeycombPercent = SpendProjection.Percent(honeycombPerMonth, options.HoneycombEventsPerMonth);
        var xrayPercent = SpendProjection.Percent(xrayPerMonth, xrayTier);
        return new SpendWhatIf(rate, reservoirSize, fixedRate, xrayPerSecond, xrayPerMonth, xrayPercent, xrayPercent > 100,
            maxFixedRate, honeycombPerMonth, honeycombPercent, honeycombPercent > 100);
    }

    private SinkSpend Sink(SinkDefinition definition, long from, double observed, double run)
    {
        var counts = definition.Counts
            .Select(count => new SpendCount(count.Instrument, count.Label, Increase(count.Instrument, from), Increase(count.Instrument, long.MinValue)))
            .ToArray();
        var billed = counts.First(count => count.Instrument == definition.Billed);
        var perMonth = SpendProjection.PerMonth(billed.Window, observed);
        var tier = definition.FreeTier(options);
        var percent = SpendProjection.Percent(perMonth, tier);
        return new SinkSpend(definition.Sink, definition.Name, definition.Unit, billed.Window, billed.Run, perMonth, tier, percent, percent > 100, counts);
    }

    private SpendTraffic Traffic(long from, double observed, SinkSpend[] sinks)
    {
        var inWindow = TracesSince(from);
        var xray = sinks.Single(sink => sink.Sink == "xray");
        var segments = xray.Counts.Single(count => count.Instrument == SinkMeter.XRaySegmentsSent).Window;
        return new SpendTraffic(
            inWindow.Length,
            observed > 0 ? inWindow.Length / observed : 0,
            HoneycombEventsPerRequest(inWindow),
            xray.Window > 0 ? segments / xray.Window : null);
    }

    /// <summary>A counter's growth after a time, summed over every service and attribute set (reasons).</summary>
    private double Increase(string instrument, long fromNanos)
    {
        double total = 0;
        foreach (var info in metrics.Instruments().Where(info => info.Name == instrument))
        {
            if (metrics.Find(info.Service, instrument) is not { } found)
            {
                continue;
            }
            foreach (var series in found.Points.GroupBy(point => string.Join('\u001f', point.Attributes.Select(a => $"{a.Key}={a.Value}"))))
            {
                total += SpendProjection.Increase(series.Select(point => (point.TimeNanos, point.Value, point.StartTimeNanos)), fromNanos);
            }
        }
        return total;
    }

    /// <summary>
    /// Seconds the window really covers: counters start with their process (the start time of a
    /// cumulative point), so a young run is not averaged over time it did not exist. Also the run's
    /// length, from the earliest start.
    /// </summary>
    private (double Window, double Run) ObservedSeconds(long nowNanos, long fromNanos)
    {
        long? earliest = null;
        foreach (var info in metrics.Instruments())
        {
            if (metrics.Find(info.Service, info.Name) is { Points.Length: > 0 } found)
            {
                var first = found.Points.Min(point => point.StartTimeNanos > 0 ? point.StartTimeNanos : point.TimeNanos);
                earliest = earliest is null ? first : Math.Min(earliest.Value, first);
            }
        }
        if (earliest is not { } start)
        {
            return (0, 0);
        }
        var run = Math.Max(0, (nowNanos - start) / 1e9);
        return (Math.Max(0, (nowNanos - Math.Max(start, fromNanos)) / 1e9), run);
    }

    private TraceRecord[] TracesSince(long fromNanos) => [.. traces.Snapshot().Where(trace => trace.StartNanos > fromNanos)];

    /// <summary>What Honeycomb bills per request: spans, span events and links of each trace.</summary>
    private static double HoneycombEventsPerRequest(TraceRecord[] inWindow) =>
        inWindow.Length == 0 ? 0 : inWindow.Sum(trace => trace.Spans.Sum(span => 1 + span.Events.Length + span.Links.Length)) / (double)inWindow.Length;

    private static int[] ArrivalsPerSecond(TraceRecord[] inWindow, long fromNanos, long nowNanos)
    {
        if (inWindow.Length == 0)
        {
            return [];
        }
        // Seconds from the first arrival: quiet time before the run began is not traffic.
        var start = Math.Max(fromNanos, inWindow.Min(trace => trace.StartNanos));
        var seconds = (int)Math.Clamp((nowNanos - start) / 1_000_000_000 + 1, 1, SpendProjection.MaxWindow.TotalSeconds);
        var buckets = new int[seconds];
        foreach (var trace in inWindow)
        {
            buckets[(int)Math.Clamp((trace.StartNanos - start) / 1_000_000_000, 0, seconds - 1)]++;
        }
        return buckets;
    }

    /// <summary>The line the AppHost prints when it stops: this run's volumes, and a month at this rate.</summary>
    private static string Summary(SinkSpend[] sinks, double runSeconds)
    {
        var culture = CultureInfo.InvariantCulture;
        string Volume(SinkSpend sink, double value) => sink.Sink switch
        {
            "honeycomb" => $"{value.ToString("N0", culture)} Honeycomb events",
            "xray" => $"{value.ToString("N0", culture)} X-Ray traces",
            "cloudwatch" => $"{Bytes(value)} CloudWatch",
            _ => $"{value.ToString("N0", culture)} Rollbar items",
        };
        var run = string.Join(", ", sinks.Select(sink => Volume(sink, sink.Run)));
        if (runSeconds <= 0)
        {
            return $"this run: {run}";
        }
        var month = string.Join(", ", sinks.Select(sink =>
        {
            var perMonth = SpendProjection.PerMonth(sink.Run, runSeconds);
            return $"{Volume(sink, perMonth)} ({SpendProjection.Percent(perMonth, sink.FreeTier).ToString("0.#", culture)} % of free tier)";
        }));
        return $"this run: {run}; at this rate a month is {month}";
    }

    internal static string Bytes(double bytes)
    {
        var culture = CultureInfo.InvariantCulture;
        return bytes switch
        {
            >= SpendProjection.BytesPerGigabyte => (bytes / SpendProjection.BytesPerGigabyte).ToString("0.0", culture) + " GB",
            >= 1024 * 1024 => (bytes / (1024 * 1024)).ToString("0.0", culture) + " MB",
            >= 1024 => (bytes / 1024).ToString("0.0", culture) + " KB",
            _ => bytes.ToString("0", culture) + " B",
        };
    }

    private static long Nanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private sealed record SinkDefinition(string Sink, string Name, string Unit, string Billed, Func<SpendOptions, double> FreeTier,
        (string Instrument, string Label)[] Counts);
}
