using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.XRay;

/// <summary>
/// The daemon's documents per trace, bounded like the trace store: at most MaxTraces traces
/// (the oldest evicted first), <see cref="MaxPerTrace"/> documents each, and a byte budget.
/// </summary>
internal sealed class SegmentDocumentStore(IOptions<InsightsOptions> options, TimeProvider clock)
{
    public const int MaxPerTrace = 500;
    public const int MaxKeptChars = 256 * 1024;
    public const long MaxTotalChars = 64L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SegmentDocumentEntry>> _traces = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivals = new();
    private readonly int _maxTraces = options.Value.Limits.MaxTraces;
    private long _totalChars;
    private long _dropped;

    /// <summary>Documents refused for space (a full trace), counted for the API.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Add(IEnumerable<string> documents)
    {
        var now = clock.GetUtcNow();
        var entries = documents.Select(d => Entry(d, now)).ToList();
        lock (_gate)
        {
            foreach (var (key, entry) in entries)
            {
                if (!_traces.TryGetValue(key, out var list))
                {
                    _traces[key] = list = [];
                    _arrivals.Enqueue(key);
                }

                if (list.Count >= MaxPerTrace)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                list.Add(entry);
                _totalChars += entry.Document.Length;
                while ((_traces.Count > _maxTraces || _totalChars > MaxTotalChars) && _arrivals.Count > 1 && _arrivals.TryDequeue(out var oldest))
                {
                    if (_traces.Remove(oldest, out var evicted))
                    {
                        _totalChars -= evicted.Sum(e => (long)e.Document.Length);
                    }
                }
            }
        }
    }

    /// <summary>The documents of a trace, by its 32-hex id (or, for a malformed trace_id, the text as sent).</summary>
    public IReadOnlyList<SegmentDocumentEntry> Find(string traceKey)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceKey, out var list) ? [.. list] : [];
        }
    }

    /// <summary>The W3C form of a valid X-Ray trace id; otherwise the trace_id as sent, or empty.</summary>
    public static string TraceKey(string? traceId) =>
        traceId is not null && SegmentDocumentCheck.IsValidTraceId(traceId)
            ? (traceId[2..10] + traceId[11..]).ToLowerInvariant()
            : traceId ?? string.Empty;

    private static (string Key, SegmentDocumentEntry Entry) Entry(string document, DateTimeOffset now)
    {
        var fields = Fields.Read(document);
        var truncated = document.Length > MaxKeptChars;
        return (TraceKey(fields.TraceId), new SegmentDocumentEntry(
            now,
            fields.Name,
            fields.Id,
            fields.Type ?? "segment",
            Encoding.UTF8.GetByteCount(document),
            truncated,
            truncated ? document[..MaxKeptChars] : document,
            SegmentDocumentCheck.Check(document, now)));
    }

    private sealed record Fields(string? Name, string? Id, string? Type, string? TraceId)
    {
        public static Fields Read(string document)
        {
            try
            {
                using var json = JsonDocument.Parse(document);
                var root = json.RootElement;
                return root.ValueKind == JsonValueKind.Object
                    ? new Fields(Text(root, "name"), Text(root, "id"), Text(root, "type"), Text(root, "trace_id"))
                    : new Fields(null, null, null, null);
            }
            catch (JsonException)
            {
                return new Fields(null, null, null, null);
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
