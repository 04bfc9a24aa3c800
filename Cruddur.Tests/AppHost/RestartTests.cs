using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Cruddur.Tests.AppHost;

/// <summary>Boots an application of its own: it kills the api.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task KilledApi_GatewayAnswers502Or503Fast_AndAspiresRestartCommandBringsItBack()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var app = await CruddurAppHost.StartAsync(await CruddurAppHost.CreateBuilderAsync());
        using var timeout = new CancellationTokenSource(CruddurAppHost.StartTimeout);
        using var gateway = app.CreateHttpClient("gateway");
        Assert.True(app.ResourceNotifications.TryGetCurrentState("api", out var running));
        var pid = Convert.ToInt32(running.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value);

        Process.GetProcessById(pid).Kill(entireProcessTree: true);
        await app.ResourceNotifications.WaitForResourceAsync("api", [KnownResourceStates.Exited, KnownResourceStates.Finished], timeout.Token);
        var clock = Stopwatch.StartNew();
        using var firstWhileDown = await gateway.GetAsync("/api/activities/home", timeout.Token);
        var firstAnsweredIn = clock.Elapsed;
        clock.Restart();
        using var whileDown = await gateway.GetAsync("/api/activities/home", timeout.Token);
        var answeredIn = clock.Elapsed;
        var result = await app.ResourceCommands.ExecuteCommandAsync(running.Resource, KnownResourceCommands.RestartCommand, timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);
        using var afterRestart = await gateway.GetAsync("/api/activities/home", timeout.Token);

        Assert.Contains(whileDown.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
        Assert.Equal(whileDown.StatusCode, firstWhileDown.StatusCode);
        Assert.Equal("application/problem+json", whileDown.Content.Headers.ContentType?.MediaType);
        // The first answer includes the cold error path; neither may wait for a timeout.
        Assert.True(firstAnsweredIn < TimeSpan.FromSeconds(3), $"the gateway took {firstAnsweredIn} to answer for a dead api");
        Assert.True(answeredIn < TimeSpan.FromSeconds(1), $"the gateway took {answeredIn} to answer for a dead api");
        Assert.True(result.Success, result.Message);
        Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
    }
}
