using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.Rollbar;

public sealed class RollbarTests
{
    private const string Token = "post_server_item_0123456789abcdef";

    internal static Dictionary<string, string?> ReportTo(string endpoint, string serviceName) => new()
    {
        [ServiceIdentity.ServiceNameSetting] = serviceName,
        [RollbarExtensions.AccessTokenSetting] = Token,
        ["Rollbar:Endpoint"] = endpoint,
        ["Rollbar:PostTimeout"] = "00:00:02",
    };

    private static string Text(JsonNode? node, string path) =>
        path.Split('.').Aggregate(node, (current, name) => current?[name])?.ToString() ?? "";

    [Fact]
    public async Task RollbarTestEndpoint_Get_ReturnsHelloWorldAndReportsWarningMessage()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        await using var service = await TestService.StartAsync(app => app.MapRollbarTestEndpoint(), ReportTo(rollbar.Endpoint, "cruddur-rollbar-hello"));

        var text = await service.Client.GetStringAsync(RollbarEndpoints.TestPath, TestContext.Current.CancellationToken);

        Assert.Equal("Hello World!", text);
        var item = await rollbar.WaitForItemAsync(data => Text(data, "body.message.body") == "Hello World!", TimeSpan.FromSeconds(10));
        Assert.Equal("warning", Text(item, "level"));
        Assert.Equal("testing", Text(item, "environment"));
        Assert.Equal(RollbarItemBuilder.NotifierName, Text(item, "notifier.name"));
    }

    [Fact]
    public async Task ExceptionTestEndpoint_NotEnabled_IsNotMapped()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        await using var service = await TestService.StartAsync(app => app.MapRollbarTestEndpoint(), ReportTo(rollbar.Endpoint, "cruddur-rollbar-no-throw"));

        using var response = await service.Client.GetAsync(RollbarEndpoints.ExceptionTestPath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ExceptionTestEndpoint_Enabled_Returns500ProblemAndReportsErrorItemOnItsRoute()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        var settings = ReportTo(rollbar.Endpoint, "cruddur-rollbar-throw");
        settings["Rollbar:EnableExceptionTest"] = "true";
        await using var service = await TestService.StartAsync(app => app.MapRollbarTestEndpoint(), settings);

        using var response = await service.Client.GetAsync(RollbarEndpoints.ExceptionTestPath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var item = await rollbar.WaitForItemAsync(data => Text(data, "body.trace.exception.class") == typeof(RollbarTestException).FullName, TimeSpan.FromSeconds(10));
        Assert.Equal("error", Text(item, "level"));
        Assert.Equal(RollbarEndpoints.ExceptionTestMessage, Text(item, "body.trace.exception.message"));
        Assert.Equal(RollbarEndpoints.ExceptionTestPath, Text(item, "context"));
    }

    [Fact]
    public async Task UnhandledException_Request_Returns500ProblemWithoutStackAndReportsTraceRequestAndTraceIds()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        var traceIds = new TaskCompletionSource<string>();
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/rb-broken/{id}", (string id) =>
            {
                traceIds.SetResult(Activity.Current!.TraceId.ToHexString());
                throw new InvalidOperationException("crud store unavailable", new TimeoutException("database timeout"));
            }),
            ReportTo(rollbar.Endpoint, "cruddur-rollbar-broken"));

        using var response = await service.Client.GetAsync("/rb-broken/7?page=2", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var traceId = await traceIds.Task;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("crud store unavailable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        var item = await rollbar.WaitForItemAsync(data => Text(data, "custom.trace_id") == traceId, TimeSpan.FromSeconds(10));
        Assert.Equal("error", Text(item, "level"));
        var chain = item["body"]!["trace_chain"]!.AsArray();
        Assert.Equal(2, chain.Count);
        Assert.Equal("System.InvalidOperationException", Text(chain[0], "exception.class"));
        Assert.Equal("System.TimeoutException", Text(chain[1], "exception.class"));
        var frames = chain[0]!["frames"]!.AsArray();
        Assert.Contains(frames, frame => Text(frame, "filename").EndsWith("RollbarTests.cs", StringComparison.Ordinal)
            && frame!["lineno"]!.GetValue<int>() > 0);
        Assert.Equal("GET", Text(item, "request.method"));
        Assert.Equal("/rb-broken/{id}", Text(item, "context"));
        Assert.EndsWith("/rb-broken/7?page=2", Text(item, "request.url"), StringComparison.Ordinal);
        Assert.Equal("2", Text(item, "request.GET.page"));
        Assert.Equal("127.0.0.1", Text(item, "request.user_ip"));
        Assert.Equal($"1-{traceId[..8]}-{traceId[8..]}", Text(item, "custom.xray_trace_id"));
        Assert.Matches("^[0-9a-f]{16}$", Text(item, "custom.span_id"));
        Assert.Equal(Environment.MachineName, Text(item, "server.host"));
        Assert.True(Guid.TryParse(Text(item, "uuid"), out _));
    }

    [Fact]
    public async Task UnhandledException_PasswordInJsonBodyAndAuthorizationHeader_AreScrubbed()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        await using var service = await TestService.StartAsync(
            app => app.MapPost("/rb-signup", IResult (SignUp signUp) => throw new InvalidOperationException($"cannot sign up {signUp.Handle}")),
            ReportTo(rollbar.Endpoint, "cruddur-rollbar-scrub"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rb-signup?access_token=hunter3&q=ok")
        {
            Content = JsonContent.Create(new { handle = "andrewbrown", profile = new { password = "hunter2", bio = "hi" } }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer secret-jwt");

        using var response = await service.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var item = await rollbar.WaitForItemAsync(data => Text(data, "request.url").Contains("/rb-signup", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var serialized = item.ToJsonString();
        Assert.DoesNotContain("hunter2", serialized, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter3", serialized, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-jwt", serialized, StringComparison.Ordinal);
        Assert.Equal("***", Text(item, "request.headers.Authorization"));
        var postedBody = JsonNode.Parse(Text(item, "request.body"));
        Assert.Equal("***", Text(postedBody, "profile.password"));
        Assert.Equal("hi", Text(postedBody, "profile.bio"));
        Assert.Equal("***", Text(item, "request.GET.access_token"));
        Assert.Equal("ok", Text(item, "request.GET.q"));
    }

    [Fact]
    public async Task UnhandledException_SecretsInFormAndCookie_AreScrubbed()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        await using var service = await TestService.StartAsync(
            app => app.MapPost("/rb-form", IResult (HttpRequest request) => throw new InvalidOperationException($"form of {request.Form["handle"]}")),
            ReportTo(rollbar.Endpoint, "cruddur-rollbar-form"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rb-form")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["handle"] = "andrewbrown", ["passwd"] = "hunter4", ["api_key"] = "k-123" }),
        };
        request.Headers.TryAddWithoutValidation("Cookie", "session=cookie-secret");

        using var response = await service.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var item = await rollbar.WaitForItemAsync(data => Text(data, "request.url").EndsWith("/rb-form", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("andrewbrown", Text(item, "request.POST.handle"));
        Assert.Equal("***", Text(item, "request.POST.passwd"));
        Assert.Equal("***", Text(item, "request.POST.api_key"));
        Assert.Equal("***", Text(item, "request.headers.Cookie"));
        var serialized = item.ToJsonString();
        Assert.DoesNotContain("hunter4", serialized, StringComparison.Ordinal);
        Assert.DoesNotContain("cookie-secret", serialized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimited_429WithResetHeaders_NotifierPausesUntilResetAndDeliversEverything()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        rollbar.RateLimit = 2;
        rollbar.RateWindow = TimeSpan.FromSeconds(1);
        using var http = new HttpClient();
        var log = new StringWriter();
        await using var notifier = new RollbarNotifier(http, new RollbarOptions { AccessToken = Token, Endpoint = rollbar.Endpoint },
            TextWriter.Synchronized(log));

        for (var i = 0; i < 5; i++)
        {
            notifier.Enqueue(Item($"rate {i}"));
        }

        Assert.True(await notifier.FlushAsync(TimeSpan.FromSeconds(15)), log.ToString());
        Assert.Equal(["rate 0", "rate 1", "rate 2", "rate 3", "rate 4"], rollbar.Items.Select(item => Text(item, "body.message.body")));
        // Honouring the reset means about one 429 per exhausted window (two here; a loaded machine can
        // land a retry on a window's edge), never a retry storm, which would be hundreds in these seconds.
        var limited = rollbar.Answers.Count(answer => answer.Status == 429);
        Assert.InRange(limited, 2, 8);
        Assert.Equal(limited, notifier.RateLimited);
        Assert.Equal(0, notifier.Dropped);
    }

    [Fact]
    public async Task MaxReportsPerMinute_Exceeded_ExtraItemsWaitInTheQueue()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        using var http = new HttpClient();
        await using var notifier = new RollbarNotifier(http,
            new RollbarOptions { AccessToken = Token, Endpoint = rollbar.Endpoint, MaxReportsPerMinute = 3, PostTimeout = TimeSpan.FromSeconds(1) },
            TextWriter.Null);

        for (var i = 0; i < 5; i++)
        {
            notifier.Enqueue(Item($"burst {i}"));
        }

        await rollbar.WaitForItemAsync(item => Text(item, "body.message.body") == "burst 2", TimeSpan.FromSeconds(10));
        Assert.False(await notifier.FlushAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(["burst 0", "burst 1", "burst 2"], rollbar.Items.Select(item => Text(item, "body.message.body")));
    }

    [Fact]
    public async Task OversizedException_Item_TruncatedUnder512KbAndAccepted()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/rb-huge", () => Recurse(150, new string('x', 700_000))),
            ReportTo(rollbar.Endpoint, "cruddur-rollbar-huge"));

        using var response = await service.Client.GetAsync("/rb-huge", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var item = await rollbar.WaitForItemAsync(data => Text(data, "request.url").EndsWith("/rb-huge", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.True(Encoding.UTF8.GetByteCount(new JsonObject { ["data"] = item.DeepClone() }.ToJsonString()) < FakeRollbar.MaxPayloadBytes);
        Assert.EndsWith("[truncated]", Text(item, "body.trace.exception.message"), StringComparison.Ordinal);
        Assert.Equal(20, item["body"]!["trace"]!["frames"]!.AsArray().Count);
        Assert.DoesNotContain(rollbar.Answers, answer => answer.Status == 413);
    }

    [Fact]
    public async Task RollbarDown_UnhandledException_RequestAnsweredPromptlyAndItemDropped()
    {
        string endpoint;
        await using (var gone = await FakeRollbar.StartAsync(Token))
        {
            endpoint = gone.Endpoint;
        }

        await using var service = await TestService.StartAsync(
            app => app.MapGet("/rb-down", IResult () => throw new InvalidOperationException("boom")),
            ReportTo(endpoint, "cruddur-rollbar-down"));
        using var warmUp = await service.Client.GetAsync("/alive", TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();

        using var response = await service.Client.GetAsync("/rb-down", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        // Under the post timeout (2 s): the request did not wait for the notifier.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The request took {clock.Elapsed}.");
        var notifier = service.App.Services.GetRequiredService<RollbarNotifier>();
        await notifier.FlushAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, notifier.Dropped);
    }

    [Fact]
    public async Task WrongToken_Item_RefusedWith403AndDropped()
    {
        await using var rollbar = await FakeRollbar.StartAsync("the-right-token");
        using var http = new HttpClient();
        var log = new StringWriter();
        await using var notifier = new RollbarNotifier(http, new RollbarOptions { AccessToken = Token, Endpoint = rollbar.Endpoint },
            TextWriter.Synchronized(log));

        notifier.Enqueue(Item("refused"));

        Assert.True(await notifier.FlushAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(rollbar.Items);
        Assert.Equal(1, notifier.Dropped);
        Assert.Contains("403", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbarOff_UnhandledException_StillProblemDetails500AndSinkReportSaysWhy()
    {
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/rb-off", IResult () => throw new InvalidOperationException("secret internals")));

        using var response = await service.Client.GetAsync("/rb-off", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(500, problem!["status"]!.GetValue<int>());
        Assert.DoesNotContain("secret internals", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(service.App.Services.GetService<RollbarNotifier>());
        var line = Assert.Single(service.App.Services.GetRequiredService<SinkReport>().Lines, line => line.Sink == RollbarExtensions.SinkName);
        Assert.False(line.On);
        Assert.Contains(RollbarExtensions.AccessTokenSetting, line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportLogLevelError_ErrorLogRecord_BecomesAnItemAndInformationDoesNot()
    {
        await using var rollbar = await FakeRollbar.StartAsync(Token);
        var settings = ReportTo(rollbar.Endpoint, "cruddur-rollbar-logs");
        settings["Rollbar:ReportLogLevel"] = "Error";
        await using var service = await TestService.StartAsync(
            app => app.MapGet("/rb-logged", (ILoggerFactory loggers) =>
            {
                var logger = loggers.CreateLogger("Cruddur.Tests.Logged");
                logger.LogInformation("routine crud");
                logger.LogError("crud {Id} could not expire", 9);
                return "ok";
            }),
            settings);

        using var response = await service.Client.GetAsync("/rb-logged", TestContext.Current.CancellationToken);

        var item = await rollbar.WaitForItemAsync(data => Text(data, "body.message.body") == "crud 9 could not expire", TimeSpan.FromSeconds(10));
        Assert.Equal("error", Text(item, "level"));
        Assert.Equal("Cruddur.Tests.Logged", Text(item, "custom.category"));
        Assert.EndsWith("/rb-logged", Text(item, "request.url"), StringComparison.Ordinal);
        await service.App.Services.GetRequiredService<RollbarNotifier>().FlushAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(rollbar.Items, data => Text(data, "body.message.body") == "routine crud");
    }

    private static JsonObject Item(string message) => new()
    {
        ["environment"] = "testing",
        ["level"] = "info",
        ["body"] = new JsonObject { ["message"] = new JsonObject { ["body"] = message } },
    };

    private static string Recurse(int depth, string message) =>
        depth == 0 ? throw new InvalidOperationException(message) : Recurse(depth - 1, message) + "";

    private sealed record SignUp(string Handle);
}
