using System.Net;
using System.Net.Http.Json;
using Cruddur.Insights.Analysis;
using Cruddur.Insights.Otlp;
using Cruddur.ServiceDefaults.Honeycomb;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.Tests.ServiceDefaults.Rollbar;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cruddur.Tests.Insights.Analysis;

/// <summary>A trace's links out: the Aspire dashboard, Honeycomb, X-Ray and its Rollbar items.</summary>
public sealed class TraceLinksTests
{
    private const string HoneycombKey = "hcDashboardLinks0123456789";

    /// <summary>Settings that leave no Honeycomb key or AWS region to pick up from the machine.</summary>
    private static Dictionary<string, string?> NothingConfigured() => new()
    {
        ["HONEYCOMB_API_KEY"] = "",
        ["AWS_REGION"] = "",
        ["AWS_DEFAULT_REGION"] = "",
    };

    [Fact]
    public async Task Links_NothingConfigured_NoLinksAndNotesSayWhy()
    {
        await using var server = await InsightsServer.StartAsync(NothingConfigured());
        var traceId = Seed(server);

        var links = await GetLinksAsync(server, traceId);

        Assert.Null(links.Honeycomb);
        Assert.Contains("HONEYCOMB_API_KEY is not set", links.HoneycombNote, StringComparison.Ordinal);
        Assert.Null(links.XRay);
        Assert.Contains("AWS_REGION is not set", links.XRayNote, StringComparison.Ordinal);
        Assert.Empty(links.Rollbar);
        Assert.Equal(InsightsServer.DashboardTrace(traceId), links.Dashboard);
        Assert.Equal($"1-{traceId[..8]}-{traceId[8..]}", links.XRayTraceId);
    }

    [Fact]
    public async Task Links_DashboardUrlUnset_NoDashboardLinkAndNoteSaysWhy()
    {
        var settings = NothingConfigured();
        settings["Insights:Dashboard:Url"] = null;
        await using var server = await InsightsServer.StartAsync(settings);
        var traceId = Seed(server);

        var links = await GetLinksAsync(server, traceId);

        Assert.Null(links.Dashboard);
        Assert.Equal("Insights:Dashboard:Url is not set.", links.DashboardNote);
    }

    [Fact]
    public async Task Links_HoneycombKeyAndRegion_HoneycombTraceUrlFromTheKeyCheckAndXRayConsoleUrl_KeyNeverShown()
    {
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        var settings = NothingConfigured();
        settings["HONEYCOMB_API_KEY"] = HoneycombKey;
        settings["HONEYCOMB_ENDPOINT"] = honeycomb.Endpoint;
        settings["AWS_DEFAULT_REGION"] = "eu-west-2";
        await using var server = await InsightsServer.StartAsync(settings);
        var traceId = Seed(server);

        var links = await server.WaitForAsync<TraceLinkSet>($"/api/traces/{traceId}/links", l => l.Honeycomb is not null);
        using var client = server.ApiClient();
        var raw = await client.GetStringAsync($"/api/traces/{traceId}/links", TestContext.Current.CancellationToken);

        Assert.StartsWith($"https://ui.honeycomb.io/cruddur-team/environments/cruddur-test/trace?trace_id={traceId}&trace_start_ts=", links.Honeycomb, StringComparison.Ordinal);
        Assert.Contains("&trace_end_ts=", links.Honeycomb, StringComparison.Ordinal);
        Assert.Equal($"https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2#xray:traces/1-{traceId[..8]}-{traceId[8..]}", links.XRay);
        Assert.DoesNotContain(HoneycombKey, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_RejectedHoneycombKeyOrBadRegion_NoLinksAndNotesSayWhy()
    {
        await using var honeycomb = await FakeHoneycomb.StartAsync(HoneycombKey);
        var settings = NothingConfigured();
        settings["HONEYCOMB_API_KEY"] = "hcNotTheRightKey000000000";
        settings["HONEYCOMB_ENDPOINT"] = honeycomb.Endpoint;
        settings["AWS_REGION"] = "https://evil.example/";
        await using var server = await InsightsServer.StartAsync(settings);
        var traceId = Seed(server);
        await server.Service<HoneycombAuthCheck>().Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var links = await GetLinksAsync(server, traceId);

        Assert.Null(links.Honeycomb);
        Assert.Contains("key was rejected", links.HoneycombNote, StringComparison.Ordinal);
        Assert.Null(links.XRay);
        Assert.Contains("is not a region name", links.XRayNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_UnknownOrMalformedTrace_404And400()
    {
        await using var server = await InsightsServer.StartAsync(NothingConfigured());
        using var client = server.ApiClient();

        using var unknown = await client.GetAsync($"/api/traces/{OtlpSamples.NewTraceId()}/links", TestContext.Current.CancellationToken);
        using var malformed = await client.GetAsync("/api/traces/nope/links", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task FailingRequest_ServiceReportsToRollbar_LinksNameTheSameItem()
    {
        await using var rollbar = await FakeRollbar.StartAsync("post_server_item_0123456789abcdef");
        await using var server = await InsightsServer.StartAsync(NothingConfigured());
        var settings = RollbarTests.ReportTo(rollbar.Endpoint, "cruddur-rollbar-links");
        await using var feed = await SpanRelay.StartAsync(server);
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = feed.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/links/broken", IResult () => throw new InvalidOperationException("the crud store is down")), settings);

        using var response = await service.Client.GetAsync("/links/broken", TestContext.Current.CancellationToken);
        var item = await rollbar.WaitForItemAsync(data => data["request"]?["url"]?.ToString().EndsWith("/links/broken", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10));
        var traceId = item["custom"]!["trace_id"]!.ToString();
        var uuid = item["uuid"]!.ToString();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var links = await server.WaitForAsync<TraceLinkSet>($"/api/traces/{traceId}/links", l => l.Rollbar.Count > 0, TimeSpan.FromSeconds(20));
        var link = Assert.Single(links.Rollbar);
        Assert.Equal((uuid, "cruddur-rollbar-links", $"https://rollbar.com/item/uuid/?uuid={uuid}"), (link.Uuid, link.Service, link.Url));
        var span = Assert.Single(server.Service<Cruddur.Insights.Storage.TraceStore>().Find(traceId)!.Spans, s => s.Name == "GET /links/broken");
        Assert.Contains(span.Attributes, a => a.Key == RollbarItemBuilder.ItemUuidAttribute && a.Value == uuid);
        Assert.Contains(span.Events, e => e.Name == RollbarItemBuilder.ItemEventName);
        Assert.Equal(InsightsServer.DashboardTrace(traceId), links.Dashboard);
    }

    private static string Seed(InsightsServer server)
    {
        var traceId = OtlpSamples.NewTraceId();
        server.Service<OtlpConverter>().Accept(OtlpSamples.OneTrace("cruddur-links", traceId));
        return traceId;
    }

    private static async Task<TraceLinkSet> GetLinksAsync(InsightsServer server, string traceId)
    {
        using var client = server.ApiClient();
        return (await client.GetFromJsonAsync<TraceLinkSet>($"/api/traces/{traceId}/links", TestContext.Current.CancellationToken))!;
    }
}
