namespace Cruddur.Insights.Resources;

/// <summary>The AppHost's last snapshot list and the restart commands waiting for it.</summary>
internal sealed class ResourceStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<string> _pendingRestarts = [];
    private ResourceList _current = new(null, []);

    public ResourceList Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Replaces the list and hands back (and forgets) the pending commands.</summary>
    public ResourceCommands Replace(IReadOnlyList<ResourceItem> items)
    {
        lock (_gate)
        {
            _current = new ResourceList(time.GetUtcNow(), [.. items.OrderBy(item => item.Name, StringComparer.Ordinal)]);
            var restart = _pendingRestarts.ToArray();
            _pendingRestarts.Clear();
            return new ResourceCommands(restart);
        }
    }

    /// <summary>Queues a restart of a known resource; false when the AppHost never reported it.</summary>
    public bool RequestRestart(string name)
    {
        lock (_gate)
        {
            if (!_current.Items.Any(item => item.Name == name))
            {
                return false;
            }
            if (!_pendingRestarts.Contains(name))
            {
                _pendingRestarts.Add(name);
            }
            return true;
        }
    }
}
