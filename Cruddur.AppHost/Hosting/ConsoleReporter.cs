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

    /// <summary>The key under which the AppHost's own lines are kept (not a valid resource name).</summary>
    public const string AppHostLines = "(apphost)";

    public void ResourceLine(string resource, string line)
    {
        lock (_gate)
        {
            Keep(resource, line);
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
            Keep(AppHostLines, line);
            if (echo)
            {
                output.WriteLine(line);
            }
        }
    }

    private void Keep(string source, string line)
    {
        if (!_recent.TryGetValue(source, out var lines))
        {
            _recent[source] = lines = new Queue<string>();
        }

        if (lines.Count == KeptLines)
        {
            lines.Dequeue();
        }

        lines.Enqueue(line);
    }

    public IReadOnlyList<string> RecentLines(string resource, int count = KeptLines)
    {
        lock (_gate)
        {
            return _recent.TryGetValue(resource, out var lines) ? [.. lines.TakeLast(count)] : [];
        }
    }
}
