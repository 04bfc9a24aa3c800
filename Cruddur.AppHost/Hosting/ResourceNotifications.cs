using System.Collections.Concurrent;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// The current snapshot of every resource, and a way to wait for a state. What the console
/// summary, the dashboard's Resources page and the tests read.
/// </summary>
public sealed class ResourceNotifications
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _current = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<(string Name, Func<ResourceSnapshot, bool> Predicate, TaskCompletionSource<ResourceSnapshot> Waiter)> _waiters = [];

    public event Action<ResourceSnapshot>? Changed;

    public IReadOnlyCollection<ResourceSnapshot> Current => [.. _current.Values.OrderBy(snapshot => snapshot.Name, StringComparer.Ordinal)];

    public ResourceSnapshot Get(string name) =>
        _current.TryGetValue(name, out var snapshot) ? snapshot : new ResourceSnapshot(name, ResourceState.NotStarted);

    public void Publish(ResourceSnapshot snapshot)
    {
        List<TaskCompletionSource<ResourceSnapshot>> satisfied = [];
        lock (_gate)
        {
            _current[snapshot.Name] = snapshot;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Name == snapshot.Name && _waiters[i].Predicate(snapshot))
                {
                    satisfied.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in satisfied)
        {
            waiter.TrySetResult(snapshot);
        }

        Changed?.Invoke(snapshot);
    }

    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<ResourceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var current = Get(name);
            if (predicate(current))
            {
                return current;
            }

            _waiters.Add((name, predicate, waiter));
        }

        using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        return await waiter.Task;
    }

    public Task<ResourceSnapshot> WaitForStateAsync(string name, ResourceState state, CancellationToken cancellationToken) =>
        WaitForAsync(name, snapshot => snapshot.State == state, cancellationToken);
}
