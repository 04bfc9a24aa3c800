using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Api.Services;

/// <summary>The original back end's own spans and log, found in the request's trace.</summary>
public sealed class CustomTelemetryTests : IAsyncDisposable
{
    private readonly CruddurApiFactory _factory = new();
    private readonly HttpClient _client;
    private readonly SpanCollector _spans = new();

    public CustomTelemetryTests() => _client = _factory.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _spans.Dispose();
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task GetHome_Always_RecordsHomeActivitiesSpanWithNowAndResultLength()
    {
        await SendAsync("/api/activities/home");

        var span = SingleSpan("home-activities-mock-data");
        Assert.Equal("2026-03-14T09:26:53.0000000+00:00", span.GetTagItem("app.now"));
        Assert.Equal(3, span.GetTagItem("app.result_length"));
        Assert.Equal(ServerSpan().SpanId, span.ParentSpanId);
    }

    [Fact]
    public async Task GetHome_AfterAPost_CountsTheNewCrudInResultLength()
    {
        using var post = await _client.PostJsonAsync("/api/activities", new { message = "one more", ttl = "1-day" });
        _factory.Time.Advance(TimeSpan.FromMinutes(10));

        await SendAsync("/api/activities/home");

        var span = SingleSpan("home-activities-mock-data");
        Assert.Equal(4, span.GetTagItem("app.result_length"));
        Assert.Equal("2026-03-14T09:36:53.0000000+00:00", span.GetTagItem("app.now"));
    }

    [Fact]
    public async Task GetHome_Always_WritesHomeActivitiesInformationLogInTheRequestTrace()
    {
        await SendAsync("/api/activities/home");

        var log = Assert.Single(_factory.Logs.Records, record => record.Message == "HomeActivities");
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Equal("Cruddur.Api.Services.HomeActivities", log.Category);
        Assert.Equal(_spans.TraceId, log.TraceId);
    }

    [Fact]
    public async Task GetNotifications_Always_RecordsSpanWithUserIdAndResultLength()
    {
        await SendAsync("/api/activities/notifications");

        var span = SingleSpan("notifications-activities-mock-data");
        Assert.Equal("andrewbrown", span.GetTagItem("app.user_id"));
        Assert.Equal(1, span.GetTagItem("app.result_length"));
        Assert.Equal(ServerSpan().SpanId, span.ParentSpanId);
    }

    [Fact]
    public async Task GetUserFeed_Always_RecordsMockDataSpanWithNowAndResultLength()
    {
        await SendAsync("/api/activities/@worf");

        var span = SingleSpan("mock-data");
        Assert.Equal("2026-03-14T09:26:53.0000000+00:00", span.GetTagItem("app.now"));
        Assert.Equal(1, span.GetTagItem("app.result_length"));
        Assert.Equal(ActivityKind.Internal, span.Kind);
    }

    private async Task SendAsync(string path)
    {
        using var request = _spans.Request(HttpMethod.Get, path);
        using var response = await _client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Activity SingleSpan(string name) =>
        Assert.Single(_spans.Spans, span => span.Source.Name == "Cruddur.Api" && span.OperationName == name);

    private Activity ServerSpan() =>
        Assert.Single(_spans.Spans, span => span.Source.Name == "Microsoft.AspNetCore");
}
