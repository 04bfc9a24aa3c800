using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cruddur.Insights.Api;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Logs;
using Cruddur.Insights.Otlp.Proto.Trace;

namespace Cruddur.Tests.Insights.Analysis;

/// <summary>Export of traces and their logs as OTLP/JSON, and import of that file into another dashboard.</summary>
public sealed class ExchangeApiTests
{
    [Fact]
    public async Task ExportThenImport_IntoAnotherDashboard_SameSpansAndLogs()
    {
        await using var source = await InsightsServer.StartAsync();
        await using var target = await InsightsServer.StartAsync();
        var (gateway, api, traceId) = AnalysisSamples.CallChain("exchange-gateway", "exchange-api", dbError: true);
        var withEvent = api.ResourceSpans[0].ScopeSpans[0].Spans[1];
        withEvent.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = withEvent.StartTimeUnixNano + 1000, Attributes = { OtlpSamples.Attribute("exception.type", "TimeoutException") } });
        withEvent.Status.Message = "database timeout";
        var other = OtlpSamples.NewTraceId();
        foreach (var request in new[] { gateway, api, OtlpSamples.OneTrace("exchange-api", other) })
        {
            source.Service<OtlpConverter>().Accept(request);
        }
        source.Service<OtlpConverter>().Accept(OtlpSamples.Logs("exchange-api",
            (SeverityNumber.Warn, "slow query for andrewbrown", traceId), (SeverityNumber.Error, "query failed", traceId), (SeverityNumber.Info, "another trace", other)));
        using var sourceClient = source.ApiClient();
        using var targetClient = target.ApiClient();

        using var exported = await sourceClient.GetAsync($"/api/telemetry/export?traceId={traceId}", TestContext.Current.CancellationToken);
        var file = await exported.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using var content = new ByteArrayContent(file) { Headers = { ContentType = new("application/json") } };
        using var imported = await targetClient.PostAsync("/api/telemetry/import", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal($"trace-{traceId}.otlp.json", exported.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(new ImportResult(1, 4, 2), await imported.Content.ReadFromJsonAsync<ImportResult>(TestContext.Current.CancellationToken));
        var before = await sourceClient.GetFromJsonAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", TestContext.Current.CancellationToken);
        var after = await targetClient.GetFromJsonAsync<TraceDetail>($"/api/telemetry/traces/{traceId}", TestContext.Current.CancellationToken);
        Assert.Equal(Shape(before!), Shape(after!));
        var query = Assert.Single(after!.Spans, s => s.Name == "SELECT activities");
        Assert.Equal(("Client", "Error", "database timeout"), (query.Kind, query.Status, query.StatusMessage));
        Assert.Contains(query.Events, e => e.Name == "exception" && e.Attributes.Any(a => a.Value == "TimeoutException"));
        var logs = await targetClient.GetFromJsonAsync<LogPage>($"/api/telemetry/logs?traceId={traceId}", TestContext.Current.CancellationToken);
        Assert.Equal(["query failed", "slow query for andrewbrown"], logs!.Items.Select(l => l.Message).Order());
        Assert.Contains(logs.Items, l => l.Level == "Error" && l.Service == "exchange-api");
        // Only the chosen trace and its own logs travel.
        Assert.Equal(1, (await targetClient.GetFromJsonAsync<TracePage>("/api/telemetry/traces", TestContext.Current.CancellationToken))!.Total);
        Assert.Equal(2, (await targetClient.GetFromJsonAsync<LogPage>("/api/telemetry/logs", TestContext.Current.CancellationToken))!.Total);
    }

    [Theory]
    [InlineData("application/json", "{not json", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "[1, 2]", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "{}", HttpStatusCode.BadRequest)]
    [InlineData("application/json", """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abc","spanId":"0102030405060708","name":"x"}]}]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("text/plain", "{}", HttpStatusCode.UnsupportedMediaType)]
    public async Task Import_BadFile_RejectedWithProblemDetails(string contentType, string body, HttpStatusCode expected)
    {
        await using var server = await InsightsServer.StartAsync();
        using var client = server.ApiClient();
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await client.PostAsync("/api/telemetry/import", content, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Import_OverTheCap_413AndNothingStored()
    {
        await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Dashboard:Otlp:MaxRequestBodyBytes"] = "2048" });
        using var client = server.ApiClient();
        var spans = string.Join(",", Enumerable.Range(0, 40).Select(_ =>
            $$"""{"traceId":"{{OtlpSamples.NewTraceId()}}","spanId":"{{OtlpSamples.NewSpanId()}}","name":"GET /big","startTimeUnixNano":"1","endTimeUnixNano":"2"}"""));
        using var content = new StringContent($$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{{spans}}]}]}]}""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/telemetry/import", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<TracePage>("/api/telemetry/traces", TestContext.Current.CancellationToken))!.Total);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?traceId=xyz", HttpStatusCode.BadRequest)]
    [InlineData("?traceId=0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound)]
    public async Task Export_NoneOrBadOrUnknownIds_ProblemDetails(string query, HttpStatusCode expected)
    {
        await using var server = await InsightsServer.StartAsync();
        using var client = server.ApiClient();

        using var response = await client.GetAsync("/api/telemetry/export" + query, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    private static string[] Shape(TraceDetail trace) =>
        [.. trace.Spans.Select(s => $"{s.SpanId} {s.ParentSpanId} {s.Depth} {s.Service} {s.Name} {s.Kind} {s.DurationMs} {s.Status} "
            + string.Join(",", s.Attributes.Select(a => $"{a.Key}={a.Value}")) + " " + string.Join(",", s.Resource.Attributes.Select(a => $"{a.Key}={a.Value}")))];
}
