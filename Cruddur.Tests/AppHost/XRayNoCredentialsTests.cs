using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Cruddur.ServiceDefaults.XRay;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.AppHost;

/// <summary>Boots an application of its own: its daemon has no AWS credentials at all.</summary>
public sealed class XRayNoCredentialsTests
{
    [Fact]
    public async Task DaemonWithoutCredentials_WarnsOnce_AndGatewayKeepsServing()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // Files that do not exist: the SDK's chain must find nothing on this machine either.
        var missing = Path.Combine(Path.GetTempPath(), $"cruddur-no-aws-{Guid.NewGuid():N}");
        var builder = await CruddurAppHost.CreateBuilderAsync();
        builder.Project("xray-daemon")
            .WithEnvironment("AWS_ACCESS_KEY_ID", "")
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "")
            .WithEnvironment("AWS_SESSION_TOKEN", "")
            .WithEnvironment("AWS_PROFILE", "")
            .WithEnvironment("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(missing, "credentials"))
            .WithEnvironment("AWS_CONFIG_FILE", Path.Combine(missing, "config"))
            .WithEnvironment("AWS_EC2_METADATA_DISABLED", "true")
            .WithEnvironment("AWS_REGION", "us-east-1");
        await using var app = await CruddurAppHost.StartAsync(builder);
        var daemonLines = new List<string>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var watch = WatchAsync(app, daemonLines, watching.Token);

        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = app.GetEndpoint("gateway"),
        };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
            // Sampled: segments do reach the daemon, which must count them rather than fail or warn again.
            request.Headers.Add(XRayTraceHeader.HeaderName,
                $"Root={XRayTraceIds.ToXRayId(XRayTraceIds.NewTraceId(TimeProvider.System))};Parent={ActivitySpanId.CreateRandom().ToHexString()};Sampled=1");
            using var response = await caller.SendAsync(request, cancellation);
            statuses.Add(response.StatusCode);
        }

        // Time for the segments to arrive and for any per-batch warning to show.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellation);
        await watching.CancelAsync();
        await watch;

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        List<string> warnings;
        lock (daemonLines)
        {
            warnings = [.. daemonLines.Where(line => line.Contains("credentials", StringComparison.OrdinalIgnoreCase))];
        }

        Assert.Single(warnings);
        Assert.Contains("no AWS credentials", warnings[0], StringComparison.Ordinal);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("xray-daemon", out var daemon));
        Assert.Equal(KnownResourceStates.Running, daemon.Snapshot.State?.Text);
    }

    private static async Task WatchAsync(DistributedApplication app, List<string> lines, CancellationToken cancellationToken)
    {
        var daemon = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == "xray-daemon");
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(daemon).WithCancellation(cancellationToken))
            {
                lock (lines)
                {
                    lines.AddRange(batch.Select(line => line.Content));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test has read enough.
        }
    }
}
