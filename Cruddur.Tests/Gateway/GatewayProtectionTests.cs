using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;

namespace Cruddur.Tests.Gateway;

public sealed class GatewayProtectionTests
{
    private const int OneMegabyte = 1024 * 1024;

    [Fact]
    public async Task Post_DeclaredBodyOver1MB_Returns413ProblemDetailsWithoutForwarding()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var content = new ByteArrayContent(new byte[OneMegabyte + 1]);

        using var response = await client.PostAsync("/api/activities", content, cancel);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task Post_ChunkedBodyOver1MB_Returns413ProblemDetails()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var content = new StreamContent(new MemoryStream(new byte[2 * OneMegabyte]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/activities") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request, cancel);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_BodyOfExactly1MB_IsForwarded()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        using var content = new ByteArrayContent(new byte[OneMegabyte]);

        using var response = await client.PostAsync("/api/activities", content, cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(upstream.Received);
    }

    [Fact]
    public async Task Get_OverPerClientRate_Returns429WithRetryAfterAndProblemDetails()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:RequestsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "3",
        });
        using var client = gateway.CreateGatewayClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 6 && rejected is null; i++)
        {
            var response = await client.GetAsync("/api/activities/home", cancel);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using (rejected)
        {
            var retryAfter = rejected!.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
            await AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
        }

        Assert.Equal(3, upstream.Received.Count);
        using var health = await client.GetAsync("/health", cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Get_UpstreamSlowerThanTimeout_Returns504ProblemDetails()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:api:HttpRequest:ActivityTimeout"] = "00:00:01",
        });
        using var client = gateway.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add(UpstreamStandIn.DelayHeader, "5000");
        var clock = Stopwatch.StartNew();

        using var response = await client.SendAsync(request, cancel);

        var problem = await AssertProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Equal("The api did not connect or answer within the gateway's time limit; retry shortly.", problem.Detail);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 4);
    }

    [Fact]
    public async Task Get_UpstreamStopped_Returns502ProblemDetailsInUnder1Second()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var upstream = await UpstreamStandIn.StartAsync(cancel);
        await using var gateway = GatewayHost.Start(upstream.Address);
        using var client = gateway.CreateGatewayClient();
        // Warm the gateway first, so the clock measures the failure, not JIT and start-up.
        using (var warm = await client.GetAsync("/api/activities/home", cancel))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await upstream.StopAsync();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/api/activities/home", cancel);

        clock.Stop();
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        // Said for the caller, not in YARP's words ("Forwarding failed: Request.").
        Assert.Equal("The api refused or dropped the connection; retry shortly.", problem.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Get_UpstreamNeverAccepting_Returns504AfterConnectTimeout()
    {
        var cancel = TestContext.Current.CancellationToken;
        // A listener whose accept queue is full: Linux drops further SYNs, so a connect hangs
        // until the gateway's ConnectTimeout (0.5 s) gives up.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var queued = await FillAcceptQueueAsync(endpoint, cancel);
        await using var gateway = GatewayHost.Start(new Uri($"http://127.0.0.1:{endpoint.Port}"), new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:api:HealthCheck:Active:Enabled"] = "false",
        });
        using var client = gateway.CreateGatewayClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/api/activities/home", cancel);

        clock.Stop();
        queued.ForEach(socket => socket.Dispose());
        // YARP reports an unanswered connect as a timeout (504), a refused one as 502.
        await AssertProblemAsync(response, HttpStatusCode.GatewayTimeout);
        // Bounded by the 0.5 s connect timeout, not the 30 s activity timeout (slack for a busy machine).
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.4, 2.0);
    }

    /// <summary>Connects until a connect no longer completes within 200 ms (bounded to 8 tries).</summary>
    private static async Task<List<Socket>> FillAcceptQueueAsync(IPEndPoint endpoint, CancellationToken cancel)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < 8; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(socket);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                await socket.ConnectAsync(endpoint, attempt.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return sockets;
            }
        }

        throw new InvalidOperationException("The accept queue never filled; the connect-timeout test cannot run here.");
    }

    internal static async Task<ProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Equal((int)status, problem!.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Api.Apis.ActivitiesApiTests.AssertOneShape(problem);
        return problem;
    }
}
