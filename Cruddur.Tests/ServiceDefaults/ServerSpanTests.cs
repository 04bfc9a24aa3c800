using System.Diagnostics;
using System.Net;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Tests.ServiceDefaults;

public sealed class ServerSpanTests
{
    private static Activity ServerSpanFor(ActivityCollector spans, string path) =>
        spans.Single(activity => activity.OperationName == TelemetrySources.ServerActivityName
            && (string?)activity.GetTagItem("url.path") == path);

    [Fact]
    public async Task RoutedRequest_NamedByMethodAndRoute_WithHttpSemanticAttributes()
    {
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
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
        Assert.Equal("q=cloud", span.GetTagItem("url.query"));
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
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
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
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
        await using var service = await TestService.StartAsync(app =>
            app.MapGet("/span-unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable)));

        using var response = await service.Client.GetAsync("/span-unavailable", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var span = ServerSpanFor(spans, "/span-unavailable");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("503", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task UnhandledException_MarksSpanErrorWithExceptionEvent()
    {
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
        await using var service = await TestService.StartAsync(app =>
            app.MapGet("/span-boom", string () => throw new InvalidOperationException("the crud store is on fire")));

        using var response = await service.Client.GetAsync("/span-boom", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var span = ServerSpanFor(spans, "/span-boom");
        AssertExceptionRecorded(span);
    }

    [Fact]
    public async Task ExceptionHandledByExceptionHandler_StillRecordedOnSpan()
    {
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
        await using var service = await TestService.StartAsync(
            app =>
            {
                app.UseExceptionHandler();
                app.MapGet("/span-handled", string () => throw new InvalidOperationException("the crud store is on fire"));
            },
            configure: builder => builder.Services.AddProblemDetails());

        using var response = await service.Client.GetAsync("/span-handled", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertExceptionRecorded(ServerSpanFor(spans, "/span-handled"));
    }

    [Fact]
    public async Task BadRequestFromBinding_KeepsRouteName_AndIsNotAnError()
    {
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
        await using var service = await TestService.StartAsync(
            app =>
            {
                app.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : 500,
                });
                app.MapPost("/span-cruds", (CrudInput input) => input.Message);
            },
            configure: builder =>
            {
                builder.Services.AddProblemDetails();
                // As in the api: binding failures throw, so the exception handler writes problem details.
                builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
            });
        using var body = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await service.Client.PostAsync("/span-cruds", body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
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
        using var spans = new ActivityCollector(TelemetrySources.AspNetCore);
        await using var service = await TestService.StartAsync(_ => { });

        using var response = await service.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var probes = spans.Stopped.Where(activity => activity.OperationName == TelemetrySources.ServerActivityName
            && activity.GetTagItem("server.port") is null && !activity.Recorded).ToList();
        Assert.NotEmpty(probes);
        Assert.DoesNotContain(spans.Stopped, activity => (string?)activity.GetTagItem("url.path") == path);
    }

    private static void AssertExceptionRecorded(Activity span)
    {
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        var tags = exception.Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal(typeof(InvalidOperationException).FullName, tags["exception.type"]);
        Assert.Equal("the crud store is on fire", tags["exception.message"]);
        Assert.Contains("InvalidOperationException", (string)tags["exception.stacktrace"]!);
    }
}
