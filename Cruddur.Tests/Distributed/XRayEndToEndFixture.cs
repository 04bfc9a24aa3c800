using Cruddur.AppHost.Hosting;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.Distributed;

/// <summary>
/// The real AppHost with the project daemon forwarding to a local fake X-Ray API under fake
/// credentials: gateway, api and daemon are real processes.
/// </summary>
public sealed class XRayEndToEndFixture : IAsyncLifetime
{
    private FakeXRay? _xray;

    internal FakeXRay XRay => _xray ?? throw new InvalidOperationException("The fixture has not started.");

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _xray = await FakeXRay.StartAsync(CancellationToken.None);
        App = await DistributedApplicationTesting.StartAsync(new Dictionary<string, string?>
        {
            [XRayDaemonResourceExtensions.ModeSetting] = "project",
            ["Resources:xray-daemon:Environment:XRAY_ENDPOINT"] = _xray.Address.ToString().TrimEnd('/'),
            ["Resources:xray-daemon:Environment:AWS_ACCESS_KEY_ID"] = FakeXRay.AccessKey,
            ["Resources:xray-daemon:Environment:AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ["Resources:xray-daemon:Environment:AWS_REGION"] = FakeXRay.Region,
        });
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        foreach (var resource in App.Resources)
        {
            await App.WaitForResourceReadyAsync(resource.Name, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_xray is not null)
        {
            await _xray.DisposeAsync();
        }
    }
}
