using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// The service map derived from spans: a server span whose parent belongs to another service is a call between
/// two services; a client span with no server span under it is a call to an uninstrumented peer, named by
/// <c>peer.service</c>, <c>server.address</c>[:<c>server.port</c>] or <c>db.system</c>.
/// </summary>
internal static class ServiceMap
{
    public static ServiceMapGraph Compute(TraceRecord[] traces, AnalysisWindow window, DateTimeOffset now)
    {
        var from = window.FromNanos(now);
        var spanCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new Dictionary<(string From, string To, bool Instrumented), List<SpanRecord>>();
        var peerFilters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var trace in traces)
        {
            if (trace.StartNanos < from)
            {
                continue;
            }
            var byId = new Dictionary<string, SpanRecord>(trace.Spans.Length, StringComparer.Ordinal);
            var hasServerChild = new HashSet<string>(StringComparer.Ordinal);
            foreach (var span in trace.Spans)
            {
                byId[span.SpanId] = span;
                if (span.ParentSpanId is not null && span.Kind is "Server" or "Consumer")
                {
                    hasServerChild.Add(span.ParentSpanId);
                }
            }
            foreach (var span in trace.Spans)
            {
                var service = span.Resource.ServiceName;
                spanCounts[service] = spanCounts.GetValueOrDefault(service) + 1;
                if (span.Kind is "Server" or "Consumer" && span.ParentSpanId is not null
                    && byId.TryGetValue(span.ParentSpanId, out var parent) && parent.Resource.ServiceName != service)
                {
                    Add(edges, (parent.Resource.ServiceName, service, true), span);
                }
                else if (span.Kind is "Client" or "Producer" && !hasServerChild.Contains(span.SpanId) && PeerOf(span) is { } peer)
                {
                    Add(edges, (service, peer.Name, false), span);
                    peerFilters.TryAdd(peer.Name, Query("attribute", $"{peer.Key}={peer.Value}"));
                }
            }
        }

        var nodes = spanCounts.Select(s => new ServiceMapNode(s.Key, true, s.Value, Query("service", s.Key)))
            .Concat(peerFilters.Where(peer => !spanCounts.ContainsKey(peer.Key))
                .Select(peer => new ServiceMapNode(peer.Key, false, 0, peer.Value)))
            .OrderBy(n => !n.Instrumented)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToArray();
        var edgeList = edges.Select(e =>
            {
                var durations = e.Value.Select(s => s.DurationMs).ToArray();
                Array.Sort(durations);
                var errors = e.Value.Count(s => s.IsError);
                return new ServiceMapEdge(e.Key.From, e.Key.To, e.Key.Instrumented, durations.Length, errors,
                    (double)errors / durations.Length, DurationPercentiles.Of(durations, 0.90),
                    e.Key.Instrumented ? Query("service", e.Key.To) : $"{Query("service", e.Key.From)}&{peerFilters[e.Key.To]}");
            })
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ToArray();
        return new ServiceMapGraph(window.Name, nodes, edgeList);
    }

    /// <summary>The peer a client span called, when the span says: its name and the attribute that names it.</summary>
    public static (string Name, string Key, string Value)? PeerOf(SpanRecord span)
    {
        TelemetryAttribute? peerService = null, address = null, port = null, dbSystem = null;
        foreach (var attribute in span.Attributes)
        {
            switch (attribute.Key)
            {
                case "peer.service": peerService = attribute; break;
                case "server.address" or "net.peer.name": address ??= attribute; break;
                case "server.port" or "net.peer.port": port ??= attribute; break;
                case "db.system" or "db.system.name": dbSystem ??= attribute; break;
            }
        }
        if (peerService is { } named)
        {
            return (named.Value, named.Key, named.Value);
        }
        if (address is { } host)
        {
            return (port is { } p ? $"{host.Value}:{p.Value}" : host.Value, host.Key, host.Value);
        }
        return dbSystem is { } db ? (db.Value, db.Key, db.Value) : null;
    }

    private static string Query(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";

    private static void Add(Dictionary<(string, string, bool), List<SpanRecord>> edges, (string, string, bool) key, SpanRecord span)
    {
        if (!edges.TryGetValue(key, out var list))
        {
            edges[key] = list = [];
        }
        list.Add(span);
    }
}
