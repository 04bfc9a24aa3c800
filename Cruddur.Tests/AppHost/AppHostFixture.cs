using Aspire.Hosting;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.AppHost;

/// <summary>
/// The AppHost booted once for the distributed tests, every sink on: Honeycomb, CloudWatch Logs,
/// Rollbar and the X-Ray API (behind the real daemon) are local fakes that enforce the real APIs' rules.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string HoneycombKey = "hcE2eKey0123456789abcd";
    public const string RollbarToken = "post_server_item_e2e_0123456789";

    private FakeHoneycomb? _honeycomb;
    private FakeCloudWatchLogs? _cloudWatch;
    private FakeRollbar? _rollbar;
    private FakeXRay? _xray;

    public DistributedApplication App { get; private set; } = null!;

    internal FakeHoneycomb Honeycomb => _honeycomb!;
    internal FakeCloudWatchLogs CloudWatch => _cloudWatch!;
    internal FakeRollbar Rollbar => _rollbar!;
    internal FakeXRay XRay => _xray!;

    public async ValueTask InitializeAsync()
    {
        _honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        _cloudWatch = await FakeCloudWatchLogs.StartAsync();
        _rollbar = await FakeRollbar.StartAsync(RollbarToken);
        _xray = await FakeXRay.StartAsync(CancellationToken.None);

        var builder = await CruddurAppHost.CreateBuilderAsync(
            $"Parameters:honeycomb-api-key={HoneycombKey}",
            $"Parameters:rollbar-access-token={RollbarToken}");
        builder.WithSinksAt(_honeycomb, _cloudWatch, _rollbar);
        builder.WithXRayAt(_xray);
        builder.Project("api").WithEnvironment("Rollbar__EnableExceptionTest", "true");
        App = await CruddurAppHost.StartAsync(builder);
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        foreach (var fake in new IAsyncDisposable?[] { _honeycomb, _cloudWatch, _rollbar, _xray })
        {
            if (fake is not null)
            {
                await fake.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
