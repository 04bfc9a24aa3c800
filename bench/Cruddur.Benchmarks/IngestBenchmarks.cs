using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Cruddur.Insights;
using Cruddur.Insights.Hosting;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.Benchmarks;

/// <summary>Spans per second through OTLP/HTTP protobuf into a real dashboard over loopback.</summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    public const int TracesPerBatch = 52;
    public const int SpansPerTrace = 10;
    private const int Batches = 32;

    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private byte[][] _bodies = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _app = InsightsApp.Create([], c =>
        {
            c["Dashboard:Frontend:Url"] = "http://127.0.0.1:0";
            c["Dashboard:Otlp:GrpcUrl"] = "http://127.0.0.1:0";
            c["Dashboard:Otlp:HttpUrl"] = "http://127.0.0.1:0";
            c["Logging:LogLevel:Default"] = "Warning";
        });
        _app.StartAsync().GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = _app.Services.GetRequiredService<InsightsListeners>().UrlOf(Listener.OtlpHttp) };
        _bodies = [.. Enumerable.Range(0, Batches).Select(i => TelemetryData.Batch(TracesPerBatch, SpansPerTrace, i).ToByteArray())];
    }

    /// <summary>One export of 520 spans (the .NET exporter's default batch is 512).</summary>
    [Benchmark(OperationsPerInvoke = 1)]
    public async Task PostTraceBatch()
    {
        using var content = new ByteArrayContent(_bodies[_next++ % _bodies.Length]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await _client.PostAsync("/v1/traces", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Four exporters at once, as with several services sending.</summary>
    [Benchmark]
    public Task PostFourTraceBatchesConcurrently() =>
        Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostTraceBatch()));

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
