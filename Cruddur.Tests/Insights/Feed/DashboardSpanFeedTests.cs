using Cruddur.Insights.Feed;
using Cruddur.Tests.Insights.Storage;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Insights.Feed;

/// <summary>The feed against a stand-in dashboard that drops, refuses and sends bad lines on cue.</summary>
public sealed class DashboardSpanFeedTests
{
    private const string ApiKey = "feed-dashboard-key-0123";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly StoreFactory _stores = new();
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task StreamDropsMidLine_ReconnectsAndCatchesUp_EverySpanOnceAndNoHalfLine()
    {
        var traceId = OtlpSamples.NewTraceId();
        var ids = Enumerable.Range(0, 4).Select(_ => OtlpSamples.NewSpanId()).ToList();
        var lines = ids.Select(id => DashboardSpanLines.ServerSpan("api", traceId, id) + "\n").ToList();
        await using var dashboard = await DashboardStandIn.StartAsync(async (context, stream) =>
        {
            if (stream == 1)
            {
                // Two whole lines and half of the third, then the connection is reset.
                await DashboardStandIn.WriteAsync(context, lines[0] + lines[1] + lines[2][..(lines[2].Length / 2)]);
                await Task.Delay(200, context.RequestAborted);
                context.Abort();
                return;
            }
            // The dashboard replays everything it holds, then streams the rest.
            await DashboardStandIn.WriteAsync(context, string.Concat(lines));
            await DashboardStandIn.HoldAsync(context);
        });

        var (feed, state) = await StartFeedAsync(dashboard.Url);
        await WaitForAsync(() => _stores.Traces.Find(traceId)?.Spans.Length == 4 && state.Status().Connected);
        await feed.StopAsync(CancellationToken.None);

        Assert.Equal(ids.Order(), _stores.Traces.Find(traceId)!.Spans.Select(span => span.SpanId).Order());
        var status = state.Status();
        Assert.Equal(2 + 4, status.SpansReceived);
        Assert.Equal(0, status.LinesSkipped);
        Assert.Equal(1, status.Reconnects);
        Assert.Contains("stream", status.LastError, StringComparison.Ordinal);
        Assert.Single(_logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("is not streaming spans", StringComparison.Ordinal));
        Assert.Single(_logs.Lines, line => line.Level == LogLevel.Information && line.Message.Contains("is back after", StringComparison.Ordinal));
        Assert.All(dashboard.ApiKeys, key => Assert.Equal(ApiKey, key));
        Assert.DoesNotContain(ApiKey, _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardDownAtStart_RetriesWithBackoffThenCatchesUp_OutageLoggedOnce()
    {
        var traceId = OtlpSamples.NewTraceId();
        var spanId = OtlpSamples.NewSpanId();
        var port = Cruddur.Tests.AppHost.CruddurAppHost.FreeTcpPort();
        var (feed, state) = await StartFeedAsync(new Uri($"http://127.0.0.1:{port}"));
        await WaitForAsync(() => state.Status().Reconnects >= 3);
        Assert.False(state.Status().Connected);
        Assert.Contains("cannot connect", state.Status().LastError, StringComparison.Ordinal);

        await using var dashboard = await DashboardStandIn.StartAsync(async (context, _) =>
        {
            await DashboardStandIn.WriteAsync(context, DashboardSpanLines.ServerSpan("api", traceId, spanId) + "\n");
            await DashboardStandIn.HoldAsync(context);
        });
        // The dashboard appears on the port the feed was given.
        await using var relay = new TcpRelay(dashboard.Url, port);
        relay.StartListening();
        await WaitForAsync(() => _stores.Traces.Find(traceId) is not null);
        await feed.StopAsync(CancellationToken.None);

        Assert.True(state.Status().Connected);
        Assert.Single(_logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("is not streaming spans", StringComparison.Ordinal));
        Assert.Single(_logs.Lines, line => line.Message.Contains("is back after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongKey_NotConnected_LastErrorNamesTheSettingNotTheKey()
    {
        await using var dashboard = await DashboardStandIn.StartAsync((_, _) => Task.CompletedTask, StatusCodes.Status401Unauthorized);

        var (feed, state) = await StartFeedAsync(dashboard.Url);
        await WaitForAsync(() => state.Status().LastError is not null);
        await feed.StopAsync(CancellationToken.None);

        var status = state.Status();
        Assert.False(status.Connected);
        Assert.Contains("401", status.LastError, StringComparison.Ordinal);
        Assert.Contains(FeedOptions.ApiKeySetting, status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, dashboard.Streams);
        Assert.DoesNotContain(ApiKey, _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadLinesInTheStream_SkippedAndCounted_FeedCarriesOn()
    {
        var traceId = OtlpSamples.NewTraceId();
        var (before, after) = (OtlpSamples.NewSpanId(), OtlpSamples.NewSpanId());
        await using var dashboard = await DashboardStandIn.StartAsync(async (context, _) =>
        {
            await DashboardStandIn.WriteAsync(context, DashboardSpanLines.ServerSpan("api", traceId, before) + "\n{oops}\n");
            await Task.Delay(50, context.RequestAborted);
            await DashboardStandIn.WriteAsync(context, "[1,2]\n" + DashboardSpanLines.ServerSpan("api", traceId, after) + "\n");
            await DashboardStandIn.HoldAsync(context);
        });

        var (feed, state) = await StartFeedAsync(dashboard.Url);
        await WaitForAsync(() => _stores.Traces.Find(traceId)?.Spans.Length == 2);
        await feed.StopAsync(CancellationToken.None);

        Assert.Equal(2, state.Status().LinesSkipped);
        Assert.Equal(0, state.Status().Reconnects);
        Assert.True(state.Status().Connected);
        Assert.Single(_logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("skipped a line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InsightsStopping_StreamClosed_NoOutageLogged()
    {
        var traceId = OtlpSamples.NewTraceId();
        await using var dashboard = await DashboardStandIn.StartAsync(async (context, _) =>
        {
            await DashboardStandIn.WriteAsync(context, DashboardSpanLines.ServerSpan("api", traceId, OtlpSamples.NewSpanId()) + "\n");
            await DashboardStandIn.HoldAsync(context);
        });
        var (feed, state) = await StartFeedAsync(dashboard.Url);
        await WaitForAsync(() => _stores.Traces.Find(traceId) is not null);

        await feed.StopAsync(CancellationToken.None);

        Assert.True(state.Status().Connected);
        Assert.Null(state.Status().LastError);
        Assert.DoesNotContain(_logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Single(_logs.Lines, line => line.Message.StartsWith("Feed: following the Aspire dashboard's spans at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotJsonAnswer_TreatedAsDown_WithTheReason()
    {
        // What a dashboard without its telemetry API may answer: its web page.
        await using var dashboard = await DashboardStandIn.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html></html>", context.RequestAborted);
        });

        var (feed, state) = await StartFeedAsync(dashboard.Url);
        await WaitForAsync(() => state.Status().LastError?.Contains("text/html", StringComparison.Ordinal) == true);
        await feed.StopAsync(CancellationToken.None);

        Assert.Equal(0, state.Status().SpansReceived);
    }

    private async Task<(DashboardSpanFeed Feed, FeedState State)> StartFeedAsync(Uri url)
    {
        var options = new FeedOptions { Url = url, ApiKey = ApiKey };
        var state = new FeedState(options, TimeProvider.System);
        var factory = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var feed = new DashboardSpanFeed(options, state, _stores.Converter, factory.CreateLogger<DashboardSpanFeed>());
        await feed.StartAsync(Cancellation);
        return (feed, state);
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "The feed did not reach the expected state in time.");
            await Task.Delay(20, Cancellation);
        }
    }
}
