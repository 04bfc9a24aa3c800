using System.Diagnostics;
using System.Net;
using Cruddur.AppHost.Hosting;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.Distributed;

[Collection(XRayAndSinksCollection.Name)]
public sealed class XRayNoCredentialsTests
{
    [Fact]
    public async Task DaemonWithoutCredentials_WarnsOnce_AndGatewayKeepsServing()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // Files that do not exist: the SDK's chain must find nothing on this machine either.
        var missing = Path.Combine(Path.GetTempPath(), $"cruddur-no-aws-{Guid.NewGuid():N}");
        await using var app = await DistributedApplicationTesting.StartAsync(new Dictionary<string, string?>
        {
            [XRayDaemonResourceExtensions.ModeSetting] = "project",
            ["Resources:xray-daemon:Environment:AWS_ACCESS_KEY_ID"] = "",
            ["Resources:xray-daemon:Environment:AWS_SECRET_ACCESS_KEY"] = "",
            ["Resources:xray-daemon:Environment:AWS_SESSION_TOKEN"] = "",
            ["Resources:xray-daemon:Environment:AWS_PROFILE"] = "",
            ["Resources:xray-daemon:Environment:AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(missing, "credentials"),
            ["Resources:xray-daemon:Environment:AWS_CONFIG_FILE"] = Path.Combine(missing, "config"),
            ["Resources:xray-daemon:Environment:AWS_EC2_METADATA_DISABLED"] = "true",
            ["Resources:xray-daemon:Environment:AWS_REGION"] = "us-east-1",
        }, cancellation);
        using (var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout))
        {
            foreach (var resource in app.Resources)
            {
                await app.WaitForResourceReadyAsync(resource.Name, timeout.Token);
            }
        }

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
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        var lines = app.Console.RecentLines("xray-daemon");
        var warnings = lines.Where(line => line.Contains("credentials", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Single(warnings);
        Assert.Contains("no AWS credentials", warnings[0], StringComparison.Ordinal);
        Assert.Equal(ResourceState.Running, app.Notifications.Get("xray-daemon").State);
    }
}
