using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay;
using Cruddur.ServiceDefaults.XRay.Sampling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cruddur.Tests.ServiceDefaults.XRay.Sampling;

[Collection(XRayAppsCollection.Name)]
public sealed class XRaySamplerTests
{
    [Theory]
    [InlineData(1.0, "xray=1")]
    [InlineData(0.0, "xray=0")]
    public void ShouldSample_Root_RecordsAndCarriesDecisionToChildren(double fixedRate, string expected)
    {
        var sourceName = $"Cruddur.Tests.Sampler.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(sourceName)
            .SetSampler(new XRaySampler(Rules(fixedRate), "cruddur-api", "")).Build();

        using var root = source.StartActivity("root", ActivityKind.Server);
        using var child = source.StartActivity("child");

        Assert.NotNull(root);
        Assert.True(root.Recorded);
        Assert.Equal(expected, root.TraceStateString);
        Assert.NotNull(child);
        Assert.True(child.Recorded);
        Assert.Equal(expected, child.TraceStateString);
    }

    [Theory]
    [InlineData("xray=0,vendor=a", 1.0, "xray=0,vendor=a")]
    [InlineData("xray=1", 0.0, "xray=1")]
    [InlineData("vendor=a", 1.0, "xray=1,vendor=a")]
    [InlineData(null, 0.0, "xray=0")]
    public void ShouldSample_RemoteParent_HonoursItsDecisionOrDecides(string? traceState, double fixedRate, string expected)
    {
        var sourceName = $"Cruddur.Tests.Sampler.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(sourceName)
            .SetSampler(new XRaySampler(Rules(fixedRate), "cruddur-api", "")).Build();
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, traceState, isRemote: true);

        using var span = source.StartActivity("GET", ActivityKind.Server, parent);

        Assert.NotNull(span);
        Assert.True(span.Recorded);
        Assert.Equal(expected, span.TraceStateString);
    }

    [Fact]
    public void ShouldSample_RemoteParentNotRecorded_Dropped()
    {
        var sourceName = $"Cruddur.Tests.Sampler.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(sourceName)
            .SetSampler(new XRaySampler(Rules(1.0), "cruddur-api", "")).Build();
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, null, isRemote: true);

        using var span = source.StartActivity("GET", ActivityKind.Server, parent);

        Assert.False(span?.Recorded ?? false);
    }

    [Fact]
    public async Task AddServiceDefaults_RuleTakesNothing_OnlyAmznSampledTracesReachDaemon()
    {
        var ct = TestContext.Current.CancellationToken;
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rulePath = WriteRule(0.0);
        try
        {
            await using var app = await TracedApp.StartAsync(Settings(daemon, rulePath), TracedApp.MapEcho, ct);
            using var client = XRayPropagatorTests.OutsideClient();

            var unsampled = await client.GetFromJsonAsync<Echo>(new Uri(app.Address, "/echo"), ct);
            var traceId = XRayTraceIds.NewTraceId(TimeProvider.System);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/echo"));
            request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", $"Root={XRayTraceIds.ToXRayId(traceId)};Parent=53995c3f42cd8ad8;Sampled=1");
            using var response = await client.SendAsync(request, ct);
            var document = await ReceiveDocumentAsync(daemon, ct);

            Assert.Equal("xray=0", unsampled?.TraceState);
            Assert.Equal(XRayTraceIds.ToXRayId(traceId), document.GetProperty("trace_id").GetString());
            Assert.Equal("53995c3f42cd8ad8", document.GetProperty("parent_id").GetString());
        }
        finally
        {
            File.Delete(rulePath);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddServiceDefaults_AmznRootWithoutParent_JoinsTraceAsItsRootSegmentAndHonoursSampled(bool sampled)
    {
        var ct = TestContext.Current.CancellationToken;
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        // The rule would decide the opposite: only the header's Sampled= can explain the result.
        var rulePath = WriteRule(sampled ? 0.0 : 1.0);
        try
        {
            await using var app = await TracedApp.StartAsync(Settings(daemon, rulePath), TracedApp.MapEcho, ct);
            using var client = XRayPropagatorTests.OutsideClient();
            var traceId = XRayTraceIds.NewTraceId(TimeProvider.System);
            var marker = XRayTraceIds.NewTraceId(TimeProvider.System);

            var echo = await SendAmznAsync(client, app, $"Root={XRayTraceIds.ToXRayId(traceId)};Sampled={(sampled ? 1 : 0)}", ct);
            await SendAmznAsync(client, app, $"Root={XRayTraceIds.ToXRayId(marker)};Parent=53995c3f42cd8ad8;Sampled=1", ct);
            var first = await ReceiveDocumentAsync(daemon, ct);

            Assert.Equal(traceId.ToHexString(), echo?.TraceId);
            Assert.Equal(sampled ? "xray=1" : "xray=0", echo?.TraceState);
            if (sampled)
            {
                Assert.Equal(XRayTraceIds.ToXRayId(traceId), first.GetProperty("trace_id").GetString());
                Assert.Equal(echo?.SpanId, first.GetProperty("id").GetString());
                Assert.False(first.TryGetProperty("parent_id", out _), "The segment of a Root-only request is the trace's root segment.");
                Assert.False(first.TryGetProperty("type", out _));
            }
            else
            {
                // Datagrams arrive in order: the marker's segment comes first when the Root-only request sent nothing.
                Assert.Equal(XRayTraceIds.ToXRayId(marker), first.GetProperty("trace_id").GetString());
            }
        }
        finally
        {
            File.Delete(rulePath);
        }
    }

    [Fact]
    public void ShouldSample_HealthProbes_DoNotSpendTheReservoir()
    {
        var sourceName = $"Cruddur.Tests.Sampler.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var rules = new SamplingRules([new SamplingRule { RuleName = "Test", Priority = 1, FixedRate = 0, ReservoirSize = 1 }], clock, () => 0.99);
        var requests = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(sourceName)
            .SetSampler(new XRaySampler(rules, "cruddur-api", "", requests)).Build();

        foreach (var probe in new[] { "/health", "/alive", "/health" })
        {
            requests.HttpContext.Request.Path = probe;
            using var server = source.StartActivity("GET", ActivityKind.Server);
            Assert.Equal("xray=0", server?.TraceStateString);
        }

        requests.HttpContext = null;
        using (var check = source.StartActivity("GET", ActivityKind.Client, default(ActivityContext), [new("url.full", "http://127.0.0.1:5000/health")]))
        {
            Assert.Equal("xray=0", check?.TraceStateString);
        }

        requests.HttpContext = new DefaultHttpContext();
        requests.HttpContext.Request.Path = "/api/activities/home";
        string? Request()
        {
            using var server = source.StartActivity("GET", ActivityKind.Server);
            return server?.TraceStateString;
        }

        Assert.Equal("xray=1", Request());
        Assert.Equal("xray=0", Request());
    }

    private static async Task<Echo?> SendAmznAsync(HttpClient client, TracedApp app, string header, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/echo"));
        request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", header);
        using var response = await client.SendAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<Echo>(cancellationToken);
    }

    [Fact]
    public async Task AddServiceDefaults_TwoServicesRuleTakesAll_WholeTraceLinkedAndAmznUnsampledSkipped()
    {
        var ct = TestContext.Current.CancellationToken;
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rulePath = WriteRule(1.0);
        try
        {
            // One app calling itself: every tracer provider in a process sees every activity, so a
            // second in-process service would export the same spans twice.
            Uri? self = null;
            await using var front = await TracedApp.StartAsync(Settings(daemon, rulePath, "cruddur-gateway"), app =>
            {
                TracedApp.MapEcho(app);
                app.MapGet("/relay", async (HttpContext context) =>
                {
                    using var http = new HttpClient();
                    return Results.Json(await http.GetFromJsonAsync<Echo>(new Uri(self!, "/echo"), context.RequestAborted));
                });
            }, ct);
            self = front.Address;
            using var client = XRayPropagatorTests.OutsideClient();

            using var skipped = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Address, "/relay"));
            skipped.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id",
                $"Root={XRayTraceIds.ToXRayId(XRayTraceIds.NewTraceId(TimeProvider.System))};Parent=53995c3f42cd8ad8;Sampled=0");
            using var skippedResponse = await client.SendAsync(skipped, ct);
            var skippedEcho = await skippedResponse.Content.ReadFromJsonAsync<Echo>(ct);
            var sampledEcho = await client.GetFromJsonAsync<Echo>(new Uri(front.Address, "/relay"), ct);
            var documents = new List<JsonElement>();
            for (var i = 0; i < 3; i++)
            {
                documents.Add(await ReceiveDocumentAsync(daemon, ct));
            }

            Assert.Equal("xray=0", skippedEcho?.TraceState);
            Assert.Contains("Sampled=0", skippedEcho?.AmznHeader, StringComparison.Ordinal);
            Assert.Contains("Sampled=1", sampledEcho?.AmznHeader, StringComparison.Ordinal);
            Assert.All(documents, document => Assert.Equal(XRayTraceIds.ToXRayId(ActivityTraceId.CreateFromString(sampledEcho!.TraceId!)),
                document.GetProperty("trace_id").GetString()));
            var gateway = Assert.Single(documents, d => d.GetProperty("http").GetProperty("request").GetProperty("url").GetString()!.EndsWith("/relay", StringComparison.Ordinal));
            var call = Assert.Single(documents, d => d.TryGetProperty("type", out _));
            var api = Assert.Single(documents, d => d.GetProperty("id").GetString() == sampledEcho!.SpanId);
            Assert.Equal("cruddur-gateway", gateway.GetProperty("name").GetString());
            Assert.Equal("cruddur-gateway", api.GetProperty("name").GetString());
            Assert.False(gateway.TryGetProperty("parent_id", out _));
            Assert.Equal("remote", call.GetProperty("namespace").GetString());
            Assert.Equal(gateway.GetProperty("id").GetString(), call.GetProperty("parent_id").GetString());
            Assert.Equal(call.GetProperty("id").GetString(), api.GetProperty("parent_id").GetString());
        }
        finally
        {
            File.Delete(rulePath);
        }
    }

    [Fact]
    public async Task AddServiceDefaults_CallerTraceparentWithoutXRayDecision_ServerSpanKeepsTheRulesDecision()
    {
        var ct = TestContext.Current.CancellationToken;
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rulePath = WriteRule(0.0);
        try
        {
            await using var app = await TracedApp.StartAsync(Settings(daemon, rulePath), TracedApp.MapEcho, ct);
            using var client = XRayPropagatorTests.OutsideClient();
            // A browser's traceparent: sampled, and no tracestate of X-Ray's.
            var (traceId, callerSpanId) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/echo"));
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{callerSpanId}-01");

            using var response = await client.SendAsync(request, ct);
            var echo = await response.Content.ReadFromJsonAsync<Echo>(ct);

            Assert.Equal(traceId.ToHexString(), echo?.TraceId);
            Assert.Equal(callerSpanId.ToHexString(), echo?.ParentSpanId);
            Assert.Equal("xray=0", echo?.TraceState);
        }
        finally
        {
            File.Delete(rulePath);
        }
    }

    [Fact]
    public async Task AddServiceDefaults_RuleOnRequestPathAndMethod_MatchesRealRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        using var daemon = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        // Takes nothing for GET /echo; any other request falls to the default rule (first of each second taken).
        var rulePath = WriteRule(0.0, "/ECHO", "GET");
        try
        {
            await using var app = await TracedApp.StartAsync(Settings(daemon, rulePath), app =>
            {
                TracedApp.MapEcho(app);
                app.MapPost("/echo", () => Results.Json(new { Activity.Current?.TraceStateString }));
            }, ct);
            using var client = XRayPropagatorTests.OutsideClient();

            var get = await client.GetFromJsonAsync<Echo>(new Uri(app.Address, "/echo"), ct);
            using var post = await client.PostAsync(new Uri(app.Address, "/echo"), null, ct);
            var posted = await post.Content.ReadFromJsonAsync<JsonElement>(ct);

            Assert.Equal("xray=0", get?.TraceState);
            Assert.Equal("xray=1", posted.GetProperty("traceStateString").GetString());
        }
        finally
        {
            File.Delete(rulePath);
        }
    }

    internal static async Task<JsonElement> ReceiveDocumentAsync(UdpClient daemon, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var received = await daemon.ReceiveAsync(timeout.Token);
        var text = Encoding.UTF8.GetString(received.Buffer);
        return JsonDocument.Parse(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..]).RootElement.Clone();
    }

    private static Dictionary<string, string?> Settings(UdpClient daemon, string rulePath, string service = "cruddur-api") => new()
    {
        ["AWS_XRAY_DAEMON_ADDRESS"] = XRaySegmentExporterTests.Endpoint(daemon).ToString(),
        ["OTEL_SERVICE_NAME"] = service,
        ["XRay:SamplingRulesPath"] = rulePath,
    };

    private static SamplingRules Rules(double fixedRate) =>
        new([new SamplingRule { RuleName = "Test", Priority = 1, FixedRate = fixedRate, ReservoirSize = 0 }], TimeProvider.System, Random.Shared.NextDouble);

    private static string WriteRule(double fixedRate, string urlPath = "*", string method = "*")
    {
        var path = Path.Combine(Path.GetTempPath(), $"xray-rule-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            {"SamplingRule": {"RuleName": "Test", "ResourceARN": "*", "Priority": 1, "FixedRate": {{fixedRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "ReservoirSize": 0,
              "ServiceName": "*", "ServiceType": "*", "Host": "*", "HTTPMethod": "{{method}}", "URLPath": "{{urlPath}}", "Version": 1}
            }
            """);
        return path;
    }
}
