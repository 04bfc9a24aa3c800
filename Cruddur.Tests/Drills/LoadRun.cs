using System.Diagnostics;

namespace Cruddur.Tests.Drills;

/// <summary>
/// A bounded load through the gateway: <c>requests</c> home-feed reads at <c>concurrency</c>, each tagged
/// <c>?drill=phase</c> so the access-log lines of a phase can be found in a sink. Reads only: posts would
/// grow the feed, and a later run would then be slower for a reason that is not the drill's.
/// </summary>
internal sealed record LoadRun(string Phase, IReadOnlyList<double> LatenciesMs, IReadOnlyList<string> Failures)
{
    public double P99Ms => Percentile(0.99);

    public double P50Ms => Percentile(0.50);

    public static async Task<LoadRun> RunAsync(Uri gateway, string phase, int requests, int concurrency,
        Func<int, Task>? afterEach, CancellationToken cancellationToken)
    {
        // No propagator: the test process's own listeners must not make these requests part of a trace.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ActivityHeadersPropagator = null,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var latencies = new double[requests];
        var failures = new List<string>();
        var next = -1;
        var done = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                var failure = await SendAsync(client, phase, index, cancellationToken);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (failure is not null)
                {
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }

                var count = Interlocked.Increment(ref done);
                if (afterEach is not null)
                {
                    await afterEach(count);
                }
            }
        });
        await Task.WhenAll(workers);
        return new LoadRun(phase, latencies, failures);
    }

    private static async Task<string?> SendAsync(HttpClient client, string phase, int index, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync($"/api/activities/home?drill={phase}", cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{index}: {(int)response.StatusCode}";
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"{index}: {error.GetType().Name} {error.Message}";
        }
    }

    private double Percentile(double fraction)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
