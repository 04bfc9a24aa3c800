using Cruddur.AppHost.Hosting;

namespace Cruddur.Tests.Distributed;

/// <summary>
/// Boots the real AppHost (its Program.cs) once for the distributed tests: real processes on
/// free ports, stopped at the end.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await DistributedApplicationTesting.StartAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        foreach (var resource in App.Resources)
        {
            await App.WaitForResourceReadyAsync(resource.Name, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
