using System.Diagnostics;
using System.Net.Http.Json;
using Cruddur.ServiceDefaults.XRay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cruddur.Tests.ServiceDefaults.XRay;

[Collection(XRayAppsCollection.Name)]
public sealed class XRayPropagatorTests
{
    private const string Root = "1-5759e988-bd862e3fe1be46a994272793";
    private const string W3CTraceId = "5759e988bd862e3fe1be46a994272793";

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", "xray=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", "xray=0")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?;Lineage=a:1", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", null)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", null)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793", "00-5759e988bd862e3fe1be46a994272793-e1be46a994272793-01", null)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "00-5759e988bd862e3fe1be46a994272793-e1be46a994272793-01", "xray=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0;Lineage=a:1", "00-5759e988bd862e3fe1be46a994272793-e1be46a994272793-01", "xray=0")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?", "00-5759e988bd862e3fe1be46a994272793-e1be46a994272793-01", null)]
    [InlineData("Root=1-5759e988-000000000000000000000000;Sampled=1", "00-5759e988000000000000000000000000-5759e98800000000-01", "xray=1")]
    [InlineData("Parent=53995c3f42cd8ad8;Sampled=1", null, null)]
    [InlineData("Root=nonsense;Parent=53995c3f42cd8ad8", null, null)]
    public void ExtractTraceIdAndState_AmznHeaderOnly_BecomesTraceParent(string amzn, string? traceParent, string? traceState)
    {
        var headers = new Dictionary<string, string> { ["X-Amzn-Trace-Id"] = amzn };

        new XRayPropagator().ExtractTraceIdAndState(headers, Getter, out var traceId, out var state);

        Assert.Equal(traceParent, traceId);
        Assert.Equal(traceState, state);
    }

    [Fact]
    public void ExtractTraceIdAndState_BothHeaders_TraceParentWinsAndSampledIsMerged()
    {
        var headers = new Dictionary<string, string>
        {
            ["traceparent"] = "00-5759e988bd862e3fe1be46a994272793-1111111111111111-01",
            ["tracestate"] = "vendor=x",
            ["X-Amzn-Trace-Id"] = $"Root={Root};Parent=2222222222222222;Sampled=1",
        };

        new XRayPropagator().ExtractTraceIdAndState(headers, Getter, out var traceId, out var state);

        Assert.Equal("00-5759e988bd862e3fe1be46a994272793-1111111111111111-01", traceId);
        Assert.Equal("xray=1,vendor=x", state);
    }

    [Fact]
    public void Inject_ActivityWithDecision_WritesTraceParentTraceStateAndAmznHeader()
    {
        using var activity = new Activity("call");
        activity.SetParentId(ActivityTraceId.CreateFromString(W3CTraceId), ActivitySpanId.CreateFromString("1111111111111111"), ActivityTraceFlags.Recorded);
        activity.TraceStateString = "xray=0";
        activity.AddBaggage("user", "andrew brown");
        activity.Start();
        var headers = new Dictionary<string, string>();

        new XRayPropagator().Inject(activity, headers, (carrier, key, value) => ((Dictionary<string, string>)carrier!)[key] = value);

        Assert.Equal(activity.Id, headers["traceparent"]);
        Assert.Equal("xray=0", headers["tracestate"]);
        Assert.Equal($"Root={Root};Parent={activity.SpanId.ToHexString()};Sampled=0", headers["X-Amzn-Trace-Id"]);
        Assert.Equal("user=andrew+brown", headers["baggage"]);
    }

    [Fact]
    public async Task KestrelAndHttpClient_AmznHeaderIn_BothHeadersOutOnOneTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var back = await TracedApp.StartAsync([], TracedApp.MapEcho, ct);
        await using var front = await TracedApp.StartAsync([], app => MapRelay(app, back.Address), ct);
        using var client = OutsideClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Address, "/relay"));
        request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", $"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1");

        using var response = await client.SendAsync(request, ct);
        var relay = await response.Content.ReadFromJsonAsync<Relay>(ct);

        Assert.NotNull(relay);
        Assert.Equal(W3CTraceId, relay.Front.TraceId);
        Assert.Equal("53995c3f42cd8ad8", relay.Front.ParentSpanId);
        Assert.Equal("xray=1", relay.Front.TraceState);
        Assert.Equal(W3CTraceId, relay.Back.TraceId);
        Assert.StartsWith($"00-{W3CTraceId}-", relay.Back.TraceParentHeader, StringComparison.Ordinal);
        Assert.Equal("xray=1", relay.Back.TraceStateHeader);
        Assert.True(XRayTraceHeader.TryParse(relay.Back.AmznHeader, out var amzn));
        Assert.Equal(W3CTraceId, amzn.TraceId.ToHexString());
        Assert.Equal(relay.Back.ParentSpanId, amzn.Parent?.ToHexString());
        Assert.Equal(XRaySampling.Sampled, amzn.Sampled);
    }

    [Fact]
    public async Task KestrelAndHttpClient_TraceParentIn_ContinuesW3CTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var back = await TracedApp.StartAsync([], TracedApp.MapEcho, ct);
        await using var front = await TracedApp.StartAsync([], app => MapRelay(app, back.Address), ct);
        using var client = OutsideClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Address, "/relay"));
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", $"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1");

        using var response = await client.SendAsync(request, ct);
        var relay = await response.Content.ReadFromJsonAsync<Relay>(ct);

        Assert.NotNull(relay);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", relay.Front.TraceId);
        Assert.Equal("b7ad6b7169203331", relay.Front.ParentSpanId);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", relay.Back.TraceId);
        Assert.Contains("Root=1-0af76519-16cd43dd8448eb211c80319c;", relay.Back.AmznHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KestrelAndHttpClient_MalformedAmznHeader_NewXRayTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var back = await TracedApp.StartAsync([], TracedApp.MapEcho, ct);
        await using var front = await TracedApp.StartAsync([], app => MapRelay(app, back.Address), ct);
        using var client = OutsideClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Address, "/relay"));
        request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", "Root=1-zz;Parent=53995c3f42cd8ad8;Sampled=1");

        using var response = await client.SendAsync(request, ct);
        var relay = await response.Content.ReadFromJsonAsync<Relay>(ct);

        Assert.NotNull(relay);
        Assert.NotEqual(W3CTraceId, relay.Front.TraceId);
        Assert.True(XRayTraceIds.IsAcceptable(ActivityTraceId.CreateFromString(relay.Front.TraceId!), DateTimeOffset.UtcNow));
        Assert.Equal(relay.Front.TraceId, relay.Back.TraceId);
    }

    private static void MapRelay(WebApplication app, Uri back) => app.MapGet("/relay", async (HttpContext context) =>
    {
        // A client made inside the request, as a service's typed client would be.
        using var client = new HttpClient();
        var echo = await client.GetFromJsonAsync<Echo>(new Uri(back, "/echo"), context.RequestAborted);
        var front = new Echo(Activity.Current?.TraceId.ToHexString(), Activity.Current?.SpanId.ToHexString(), Activity.Current?.ParentSpanId.ToHexString(),
            Activity.Current?.TraceStateString, null, null, null);
        return Results.Json(new Relay(front, echo!));
    });

    /// <summary>A caller outside the trace: this process's listeners must not stamp its request.</summary>
    internal static HttpClient OutsideClient() => new(new SocketsHttpHandler { ActivityHeadersPropagator = null });

    private static void Getter(object? carrier, string field, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = ((Dictionary<string, string>)carrier!).TryGetValue(field, out var found) ? found : null;
    }
}
