using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Analysis;

/// <summary>
/// The service map derived from spans: a server span whose parent belongs to another service is a call between
/// two services; a client span with no server span under it is a call to an uninstrumented peer, named by
/// <c>peer.service</c>, <c>server.address</c>[:<c>server.port</c>] or <c>db.system</c>. Every node and edge
/// names its latest failed and slowest spans' traces, for the drill-down.
/// </summary>
internal static class ServiceMap
{
    public static ServiceMapGraph Compute(TraceRecord[] traces, AnalysisWindow window, DateTimeOffset now, Func<string, string?> dashboardUrl)
    {
        var from = window.FromNanos(now);
        var services = new Dictionary<string, NodeStats>(StringComparer.Ordinal);
        var peers = new Dictionary<string, TraceExamples>(StringComparer.Ordinal);
        var edges = new Dictionary<(string From, string To, bool Instrumented), EdgeStats>();
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
                if (!services.TryGetValue(service, out var node))
                {
                    services[service] = node = new NodeStats();
                }
                node.SpanCount++;
                // A service's drill-down names the requests it served (its spans of any kind when it serves none).
                (span.Kind is "Server" or "Consumer" ? node.Requests : node.Other).Add(span);
                if (span.Kind is "Server" or "Consumer" && span.ParentSpanId is not null
                    && byId.TryGetValue(span.ParentSpanId, out var parent) && parent.Resource.ServiceName != service)
                {
                    Edge(edges, (parent.Resource.ServiceName, service, true)).Add(span);
                }
                else if (span.Kind is "Client" or "Producer" && !hasServerChild.Contains(span.SpanId) && PeerOf(span) is { } peer)
                {
                    Edge(edges, (service, peer, false)).Add(span);
                    if (!peers.TryGetValue(peer, out var calls))
                    {
                        peers[peer] = calls = new TraceExamples();
                    }
                    calls.Add(span);
                }
            }
        }

        var nodes = services.Select(s => new ServiceMapNode(s.Key, true, s.Value.SpanCount, s.Value.Pick(dashboardUrl)))
            .Concat(peers.Where(peer => !services.ContainsKey(peer.Key))
                .Select(peer => new ServiceMapNode(peer.Key, false, 0, peer.Value.Pick(dashboardUrl))))
            .OrderBy(n => !n.Instrumented)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToArray();
        var edgeList = edges.Select(e =>
            {
                var durations = e.Value.Durations.ToArray();
                Array.Sort(durations);
                return new ServiceMapEdge(e.Key.From, e.Key.To, e.Key.Instrumented, durations.Length, e.Value.Errors,
                    (double)e.Value.Errors / durations.Length, DurationPercentiles.Of(durations, 0.90), e.Value.Examples.Pick(dashboardUrl));
            })
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ToArray();
        return new ServiceMapGraph(window.Name, nodes, edgeList);
    }

    /// <summary>The peer a client span called, when the span says.</summary>
    public static string? PeerOf(SpanRecord span)
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
            return named.Value;
        }
        if (address is { } host)
        {
            return port is { } p ? $"{host.Value}:{p.Value}" : host.Value;
        }
        return dbSystem?.Value;
    }

    private static EdgeStats Edge(Dictionary<(string, string, bool), EdgeStats> edges, (string, string, bool) key)
    {
        if (!edges.TryGetValue(key, out var edge))
        {
            edges[key] = edge = new EdgeStats();
        }
        return edge;
    }

    private sealed class NodeStats
    {
        public int SpanCount;
        public readonly TraceExamples Requests = new();
        public readonly TraceExamples Other = new();

        public TraceExample[] Pick(Func<string, string?> dashboardUrl)
        {
            var requests = Requests.Pick(dashboardUrl);
            return requests.Length > 0 ? requests : Other.Pick(dashboardUrl);
        }
    }

    private sealed class EdgeStats
    {
        public readonly List<double> Durations = [];
        public readonly TraceExamples Examples = new();
        public int Errors;

        public void Add(SpanRecord span)
        {
            Durations.Add(span.DurationMs);
            Errors += span.IsError ? 1 : 0;
            Examples.Add(span);
        }
    }
}
