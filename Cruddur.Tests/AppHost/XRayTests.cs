using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.AppHost;

[Collection(AppHostCollection.Name)]
public sealed class XRayTests(AppHostFixture fixture)
{
    private static readonly TimeSpan ForwardWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SampledRequestThroughGateway_DaemonForwardsLinkedSegmentsOfOneTrace()
    {
        var traceId = XRayTraceIds.NewTraceId(TimeProvider.System);
        var callerParent = ActivitySpanId.CreateRandom().ToHexString();

        using var response = await SendAsync(traceId, callerParent, sampled: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var documents = await WaitForTraceAsync(traceId);
        var gateway = Assert.Single(documents, d => IsSegment(d) && Name(d) == "gateway");
        var api = Assert.Single(documents, d => IsSegment(d) && Name(d) == "api");
        Assert.Equal(callerParent, Parent(gateway));
        var forwarder = Assert.Single(documents, d => !IsSegment(d) && Namespace(d) == "remote" && Parent(d) == Id(gateway));
        Assert.Equal(Id(forwarder), Parent(api));
        var apiSubsegments = documents.Where(d => !IsSegment(d) && SegmentOf(d, documents) == Id(api)).ToList();
        Assert.NotEmpty(apiSubsegments);
        // Every document hangs off a document of this trace, except the gateway's, which names the caller.
        var ids = documents.Select(Id).ToHashSet();
        Assert.All(documents.Where(d => Id(d) != Id(gateway)), d => Assert.Contains(Parent(d), ids));
        Assert.All(documents, d => Assert.Equal(SegmentOf(d, documents) == Id(gateway) ? "gateway" : "api",
            Name(documents.Single(s => Id(s) == SegmentOf(d, documents)))));
        Assert.Empty(fixture.XRay.Violations);
        Assert.All(fixture.XRay.Batches, batch => Assert.InRange(batch.Count, 1, 50));
    }

    [Fact]
    public async Task UnsampledRequestThroughGateway_SendsNothingForItsTrace()
    {
        var unsampled = XRayTraceIds.NewTraceId(TimeProvider.System);
        var marker = XRayTraceIds.NewTraceId(TimeProvider.System);

        using var dropped = await SendAsync(unsampled, ActivitySpanId.CreateRandom().ToHexString(), sampled: false);
        using var kept = await SendAsync(marker, ActivitySpanId.CreateRandom().ToHexString(), sampled: true);

        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        // The later, sampled request arriving proves segments were flowing; a further pause covers a slower batch.
        await WaitForTraceAsync(marker);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Parse(fixture.XRay.Documents), d => TraceId(d) == XRayTraceIds.ToXRayId(unsampled));
        Assert.Empty(fixture.XRay.Violations);
    }

    private async Task<HttpResponseMessage> SendAsync(ActivityTraceId traceId, string parent, bool sampled)
    {
        // No propagator on this client: the test process's own listeners must not add headers.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = fixture.App.GetEndpoint("gateway"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities/home");
        request.Headers.Add(XRayTraceHeader.HeaderName,
            $"Root={XRayTraceIds.ToXRayId(traceId)};Parent={parent};Sampled={(sampled ? 1 : 0)}");
        return await caller.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Waits for the gateway segment, its forwarder subsegment and the api segment of the trace.</summary>
    private async Task<List<JsonElement>> WaitForTraceAsync(ActivityTraceId traceId)
    {
        var xrayId = XRayTraceIds.ToXRayId(traceId);
        var deadline = DateTime.UtcNow + ForwardWait;
        while (true)
        {
            var documents = Parse(fixture.XRay.Documents).Where(d => TraceId(d) == xrayId).ToList();
            if (documents.Any(d => IsSegment(d) && Name(d) == "gateway")
                && documents.Any(d => IsSegment(d) && Name(d) == "api")
                && documents.Any(d => !IsSegment(d) && Namespace(d) == "remote"))
            {
                // Subsegments ending after their segment may ride in the next batch.
                await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
                return [.. Parse(fixture.XRay.Documents).Where(d => TraceId(d) == xrayId)];
            }

            Assert.True(DateTime.UtcNow < deadline, $"The fake X-Ray API did not receive trace {xrayId} within {ForwardWait}.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static string? SegmentOf(JsonElement document, List<JsonElement> documents)
    {
        var current = document;
        for (var depth = 0; depth < 32; depth++)
        {
            if (IsSegment(current))
            {
                return Id(current);
            }

            var parent = Parent(current);
            var next = documents.Where(d => Id(d) == parent).ToList();
            if (next.Count != 1)
            {
                return null;
            }

            current = next[0];
        }

        return null;
    }

    private static List<JsonElement> Parse(IEnumerable<string> documents) =>
        [.. documents.Select(d => JsonDocument.Parse(d).RootElement)];

    private static bool IsSegment(JsonElement document) => !document.TryGetProperty("type", out _);

    private static string? Name(JsonElement document) => document.GetProperty("name").GetString();

    private static string? Id(JsonElement document) => document.GetProperty("id").GetString();

    private static string? TraceId(JsonElement document) => document.GetProperty("trace_id").GetString();

    private static string? Parent(JsonElement document) =>
        document.TryGetProperty("parent_id", out var parent) ? parent.GetString() : null;

    private static string? Namespace(JsonElement document) =>
        document.TryGetProperty("namespace", out var value) ? value.GetString() : null;
}
