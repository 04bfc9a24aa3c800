using System.Reflection;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// The testing entry point: runs the AppHost's Program.cs with test settings (every port free by
/// default, so tests never collide with a running AppHost) and hands back the running application.
/// </summary>
public static class DistributedApplicationTesting
{
    public static async Task<DistributedApplication> StartAsync(
        IDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [DistributedApplicationBuilder.RandomizePortsSetting] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var entryPoint = typeof(DistributedApplicationTesting).Assembly.EntryPoint
            ?? throw new InvalidOperationException("The AppHost assembly has no entry point.");
        var hook = new DistributedApplicationTestingHook(merged);
        // The entry point runs on its own task, inside the hook's async-local scope: its Run()
        // returns when the test stops the application.
        _ = Task.Run(() =>
        {
            hook.Enter();
            try
            {
                var result = entryPoint.Invoke(null, [Array.Empty<string>()]);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            catch (TargetInvocationException exception)
            {
                hook.OnFailed(exception.InnerException ?? exception);
            }
        }, cancellationToken);

        return await hook.Built.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }
}
