using Cruddur.Insights.Otlp;
using Cruddur.Insights.Otlp.Proto.Collector.Trace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Insights;

/// <summary>
/// An OTLP/HTTP trace endpoint that hands each export to Insights' converter: what the span feed does with
/// the Aspire dashboard's spans, for tests that start a real service exporting its own.
/// </summary>
internal sealed class SpanRelay : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpanRelay(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.First();

    public static async Task<SpanRelay> StartAsync(InsightsServer insights)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var converter = insights.Service<OtlpConverter>();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            converter.Accept(ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SpanRelay(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
