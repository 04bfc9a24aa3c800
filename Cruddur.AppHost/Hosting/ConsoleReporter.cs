namespace Cruddur.AppHost.Hosting;

/// <summary>
/// The AppHost's console: child output prefixed with the resource name, and the AppHost's own
/// lines. Keeps the last lines of each resource for the dashboard and for exit reports.
/// </summary>
public sealed class ConsoleReporter(TextWriter output, bool echo = true)
{
    private const int KeptLines = 500;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<string>> _recent = new(StringComparer.Ordinal);

    public void ResourceLine(string resource, string line)
    {
        lock (_gate)
        {
            if (!_recent.TryGetValue(resource, out var lines))
            {
                _recent[resource] = lines = new Queue<string>();
            }

            if (lines.Count == KeptLines)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
            if (echo)
            {
                output.WriteLine($"[{resource}] {line}");
            }
        }
    }

    public void Info(string line)
    {
        lock (_gate)
        {
            if (echo)
            {
                output.WriteLine(line);
            }
        }
    }

    public IReadOnlyList<string> RecentLines(string resource, int count = KeptLines)
    {
        lock (_gate)
        {
            return _recent.TryGetValue(resource, out var lines) ? [.. lines.TakeLast(count)] : [];
        }
    }
}
