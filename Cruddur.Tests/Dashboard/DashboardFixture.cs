namespace Cruddur.Tests.Dashboard;

/// <summary>One dashboard shared by the tests of a class; tests use their own trace ids and service names.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    internal DashboardServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await DashboardServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
