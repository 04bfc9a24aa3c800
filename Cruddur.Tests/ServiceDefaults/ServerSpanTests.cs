using System.Diagnostics;
using System.Net;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.ServiceDefaults;

public sealed class ServerSpanTests
{
    private static Activity ServerSpanFor(ActivityCollector spans, string path) =>
        spans.Single(activity => activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn"
            && (string?)activity.GetTagItem("url.path") == path);

    [Fact]
    public async Task RoutedRequest_NamedByMethodAndRoute_WithHttpSemanticAttributes()
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(app => app.MapGet("/span-items/{id}", (string id) => id));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/span-items/42?q=cloud");
        request.Headers.UserAgent.ParseAdd("cruddur-test/1.0");

        using var response = await service.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = ServerSpanFor(spans, "/span-items/42");
        Assert.Equal("GET /span-items/{id}", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/span-items/{id}", span.GetTagItem("http.route"));
        // The instrumentation redacts query values unless told otherwise.
        Assert.Equal("?q=Redacted", span.GetTagItem("url.query"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("127.0.0.1", span.GetTagItem("client.address"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(service.Client.BaseAddress!.Port, span.GetTagItem("server.port"));
        Assert.Equal("cruddur-test/1.0", span.GetTagItem("user_agent.original"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task UnmatchedPath_NamedByMethodOnly_WithStatus404AndNoError()
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(_ => { });

        using var response = await service.Client.GetAsync("/span-nowhere", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var span = ServerSpanFor(spans, "/span-nowhere");
        Assert.Equal("GET", span.DisplayName);
        Assert.Null(span.GetTagItem("http.route"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task ServerError_503Response_MarksSpanError()
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(app =>
            app.MapGet("/span-unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable)));

        using var response = await service.Client.GetAsync("/span-unavailable", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var span = ServerSpanFor(spans, "/span-unavailable");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("503", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task ExceptionInEndpoint_ProblemDetails500_AndSpanRecordsTheException()
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(app =>
            app.MapGet("/span-handled", string () => throw new InvalidOperationException("the crud store is on fire")));

        using var response = await service.Client.GetAsync("/span-handled", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var span = ServerSpanFor(spans, "/span-handled");
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        AssertExceptionRecorded(span);
    }

    [Fact]
    public async Task ExceptionAfterResponseStarted_MarksSpanErrorWithExceptionEvent()
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(app => app.MapGet("/span-streaming", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("first cruds", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            throw new InvalidOperationException("the crud store is on fire");
        }));

        // Too late for a problem-details answer: the server drops the connection.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            service.Client.GetStringAsync("/span-streaming", TestContext.Current.CancellationToken));

        // The instrumentation records it: once per tracer provider, and the other tests' services are in this process too.
        var span = ServerSpanFor(spans, "/span-streaming");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
        Assert.Contains(span.Events, e => e.Name == "exception"
            && e.Tags.Any(tag => tag.Key == "exception.stacktrace" && ((string)tag.Value!).Contains("InvalidOperationException", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BadRequestFromBinding_KeepsRouteName_AndIsNotAnError()
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(
            app => app.MapPost("/span-cruds", (CrudInput input) => input.Message),
            // As in the api: binding failures throw, so the exception handler writes problem details.
            configure: builder => builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true));
        using var body = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await service.Client.PostAsync("/span-cruds", body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var span = ServerSpanFor(spans, "/span-cruds");
        Assert.Equal("POST /span-cruds", span.DisplayName);
        Assert.Equal(400, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.DoesNotContain(span.Events, e => e.Name == "exception");
    }

    public sealed record CrudInput(string Message);

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthProbes_AnswerHealthy_AndAreLeftOutOfTraces(string path)
    {
        using var spans = new ActivityCollector("Microsoft.AspNetCore");
        await using var service = await TestService.StartAsync(_ => { });

        using var response = await service.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // Filtered out before the instrumentation adds any attribute, so a probe's span has no path to find it by.
        Assert.True(spans.WaitForAny(activity => activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn"
            && activity.GetTagItem("server.port") is null && !activity.Recorded));
        Assert.DoesNotContain(spans.Stopped, activity => (string?)activity.GetTagItem("url.path") == path);
    }

    private static void AssertExceptionRecorded(Activity span)
    {
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        var tags = exception.Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal(typeof(InvalidOperationException).FullName, tags["exception.type"]);
        Assert.Equal("the crud store is on fire", tags["exception.message"]);
        Assert.Contains("InvalidOperationException", (string)tags["exception.stacktrace"]!);
    }
}
