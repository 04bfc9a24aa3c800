namespace Cruddur.Tests.Insights;

/// <summary>One Insights shared by the tests of a class; tests use their own trace ids and service names.</summary>
public sealed class InsightsFixture : IAsyncLifetime
{
    internal InsightsServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await InsightsServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
