using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Cruddur.Insights.Otlp.Proto.Trace;
using ProtoResource = Cruddur.Insights.Otlp.Proto.Resource.Resource;

namespace Cruddur.Insights.Feed;

/// <summary>
/// The dashboard's span lines into the trace store. Each line is parsed and checked on its own, so a bad
/// one is skipped and counted without taking its neighbours along; good ones are stored in batches, the
/// spans of one service under one resource (as an exporter's batch would be). Not thread-safe: one per feed.
/// </summary>
internal sealed partial class SpanIngest(OtlpConverter converter, FeedState state, ILogger logger)
{
    public const int MaxBatchSpans = 512;

    /// <summary>What the dashboard adds to a span (the peer it resolved); not what the service sent.</summary>
    public const string DashboardDestination = "aspire.destination";

    private readonly DashboardSpanJson _json = new();
    private readonly ExportTraceServiceRequest _pending = new();
    private readonly Dictionary<ProtoResource, ResourceSpans> _pendingByResource = new(ReferenceEqualityComparer.Instance);
    private int _pendingSpans;
    private int _pendingLines;
    private bool _warned;

    /// <summary>One line: <c>{"resourceSpans":[…]}</c> as OTLP/JSON (attribute values all strings, which the store keeps as text anyway).</summary>
    public void Line(ReadOnlySpan<byte> line)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty)
        {
            return;
        }

        ExportTraceServiceRequest request;
        try
        {
            request = _json.Parse(line);
        }
        catch (OtlpPayloadException e)
        {
            Skip(e.Message);
            return;
        }

        var spans = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    // What OtlpConverter refuses: checked here so one bad span cannot fail a batch.
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
                    {
                        Skip("a span without a 16-byte trace id and an 8-byte span id");
                        return;
                    }
                    RemoveDashboardAttributes(span);
                    spans++;
                }
            }
        }
        if (spans == 0)
        {
            Skip("a line without a span");
            return;
        }

        foreach (var resourceSpans in request.ResourceSpans)
        {
            Add(resourceSpans);
        }
        _pendingSpans += spans;
        _pendingLines++;
        if (_pendingSpans >= MaxBatchSpans)
        {
            Flush();
        }
    }

    /// <summary>Stores what the lines so far held.</summary>
    public void Flush()
    {
        if (_pendingSpans == 0)
        {
            return;
        }
        try
        {
            converter.Accept(_pending);
            state.AddSpans(_pendingSpans);
        }
        catch (FormatException e)
        {
            // Each line was checked for what the converter refuses, so this is not expected; if it happens,
            // the batch's lines are skipped like any bad line rather than ending the feed.
            for (var i = 0; i < _pendingLines; i++)
            {
                Skip(e.Message);
            }
        }
        finally
        {
            _pending.ResourceSpans.Clear();
            _pendingByResource.Clear();
            _pendingSpans = 0;
            _pendingLines = 0;
        }
    }

    /// <summary>Into the batch, beside the spans of the same resource and scope when there are some.</summary>
    private void Add(ResourceSpans resourceSpans)
    {
        if (resourceSpans.Resource is not { } resource || !_pendingByResource.TryGetValue(resource, out var pending))
        {
            _pending.ResourceSpans.Add(resourceSpans);
            if (resourceSpans.Resource is not null)
            {
                _pendingByResource[resourceSpans.Resource] = resourceSpans;
            }
            return;
        }
        foreach (var scopeSpans in resourceSpans.ScopeSpans)
        {
            var same = pending.ScopeSpans.FirstOrDefault(s => Equals(s.Scope, scopeSpans.Scope) && s.SchemaUrl == scopeSpans.SchemaUrl);
            if (same is null)
            {
                pending.ScopeSpans.Add(scopeSpans);
            }
            else
            {
                same.Spans.Add(scopeSpans.Spans);
            }
        }
    }

    private static void RemoveDashboardAttributes(Span span)
    {
        for (var i = span.Attributes.Count - 1; i >= 0; i--)
        {
            if (span.Attributes[i].Key == DashboardDestination)
            {
                span.Attributes.RemoveAt(i);
            }
        }
    }

    public void Skip(string reason)
    {
        state.LineSkipped();
        if (!_warned)
        {
            // Once per run at Warning; the count on /api/feed says how many followed.
            _warned = true;
            LogFirstSkipped(logger, reason);
        }
        else
        {
            LogSkipped(logger, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed: skipped a line that is not a span the store can take ({Reason}); further ones are counted on /api/feed")]
    private static partial void LogFirstSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed: skipped a line ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
