using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Cruddur.ServiceDefaults.CloudWatch;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.ServiceDefaults.XRay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;

namespace Cruddur.Benchmarks;

/// <summary>
/// What each request costs the service in its own exporters, per span or log record: the X-Ray segment
/// document of a server span and of a client span, what ServiceDefaults adds to a server span, one
/// CloudWatch event's JSON, and cutting a full PutLogEvents batch out of a queue.
/// </summary>
[MemoryDiagnoser]
public class ExporterBenchmarks
{
    private const int QueuedEvents = 10_000;
    private const string ServerActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private readonly ActivitySource _source = new("Cruddur.Benchmarks");
    private readonly Dictionary<string, object> _resource = new()
    {
        ["service.name"] = "cruddur-api",
        ["service.version"] = "1.0.0",
        ["deployment.environment"] = "production",
        ["host.name"] = "ip-10-0-0-12",
        ["process.pid"] = 4242,
    };

    private ActivityListener _listener = null!;
    private Activity _server = null!;
    private Activity _client = null!;
    private CloudWatchEventFormatter _formatter = null!;
    private List<CloudWatchLogEvent> _queue = null!;
    private List<CloudWatchLogEvent> _batch = null!;
    private KeyValuePair<string, object?>[] _accessLogState = null!;
    private object?[] _requestScopes = null!;
    private DefaultHttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;

        _server = _source.StartActivity("GET /api/activities/home", ActivityKind.Server)!;
        foreach (var (key, value) in ServerTags())
        {
            _server.SetTag(key, value);
        }

        _client = _source.StartActivity("GET", ActivityKind.Client)!;
        _client.SetTag("http.request.method", "GET");
        _client.SetTag("url.full", "http://127.0.0.1:5080/api/activities/home");
        _client.SetTag("server.address", "127.0.0.1");
        _client.SetTag("server.port", 5080);
        _client.SetTag("http.response.status_code", 200);
        _client.Stop();
        _server.Stop();
        Activity.Current = null;

        _formatter = new CloudWatchEventFormatter("cruddur-api");
        var message = "2026-11-21T20:00:00.0000000+00:00 127.0.0.1 GET http /api/activities/home 200";
        // What the access log and ASP.NET Core's request scopes hand a logger in the api.
        _accessLogState =
        [
            new("Time", DateTimeOffset.UtcNow), new("ClientAddress", "127.0.0.1"), new("Method", "GET"), new("Scheme", "http"),
            new("FullPath", "/api/activities/home"), new("StatusCode", 200),
            new("{OriginalFormat}", "{Time:O} {ClientAddress} {Method} {Scheme} {FullPath} {StatusCode}"),
        ];
        _requestScopes =
        [
            new KeyValuePair<string, object?>[] { new("SpanId", _server.SpanId.ToHexString()), new("TraceId", _server.TraceId.ToHexString()), new("ParentId", "0000000000000000") },
            new KeyValuePair<string, object?>[] { new("ConnectionId", "0HN8R2D5V4K7Q"), },
            new KeyValuePair<string, object?>[] { new("RequestId", "0HN8R2D5V4K7Q:00000001"), new("RequestPath", "/api/activities/home") },
        ];
        _queue = [.. Enumerable.Range(0, QueuedEvents).Select(i => new CloudWatchLogEvent(1_795_290_000_000 + i, _formatter.FormatUtf8(
            DateTimeOffset.UtcNow, LogLevel.Information, "Cruddur.AccessLog", new EventId(1), message, null, _accessLogState, _requestScopes, _server)))];
        _batch = _queue[..1_000];

        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Scheme = "http";
        _context.Request.Host = new HostString("localhost", 4567);
        _context.Request.Path = "/api/activities/home";
        _context.Request.Protocol = "HTTP/1.1";
        _context.Request.Headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";
        _context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        _context.Response.StatusCode = 200;
        _context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/activities/home"), 0,
            EndpointMetadataCollection.Empty, "home"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    [Benchmark(Description = "X-Ray segment: server span → document bytes")]
    public byte[] XRaySegment() => XRaySegmentDocument.Write(_server, _resource);

    [Benchmark(Description = "X-Ray subsegment: client span → document bytes")]
    public byte[] XRaySubsegment() => XRaySegmentDocument.Write(_client, _resource);

    [Benchmark(Description = "server span: start and stop only (baseline)")]
    public void ServerSpanBaseline()
    {
        using var activity = _source.StartActivity(ServerActivityName, ActivityKind.Server);
    }

    [Benchmark(Description = "server span: start, ServiceDefaults' enrichment of the response, stop")]
    public void ServerSpanEnriched()
    {
        using var activity = _source.StartActivity(ServerActivityName, ActivityKind.Server)!;
        ServerSpanEnrichment.OnResponse(activity, _context.Response);
    }

    [Benchmark(Description = "CloudWatch: one access-log record, with its state and request scopes → event JSON bytes")]
    public byte[] CloudWatchEvent() => _formatter.FormatUtf8(DateTimeOffset.UtcNow, LogLevel.Information, "Cruddur.AccessLog",
        new EventId(1), "2026-11-21T20:00:00.0000000+00:00 127.0.0.1 GET http /api/activities/home 200", null,
        _accessLogState, _requestScopes, _server);

    [Benchmark(Description = "CloudWatch: PutLogEvents request body for 1,000 such events")]
    public ReadOnlyMemory<byte> CloudWatchBody() => CloudWatchLogsClient.PutLogEventsBody("cruddur", "cruddur-api - 2026/11/21T20.00.00 - bench", _batch);

    [Benchmark(Description = "CloudWatch: a batch within every PutLogEvents limit from 10,000 queued events")]
    public int CloudWatchBatch()
    {
        var next = 0;
        var batch = CloudWatchLogBatch.Take(() => next < _queue.Count ? _queue[next] : null, () => next++);
        return batch.Count;
    }

    private static IEnumerable<(string, object)> ServerTags() =>
    [
        ("http.request.method", "GET"), ("url.path", "/api/activities/home"), ("url.scheme", "http"),
        ("http.route", "/api/activities/home"), ("http.response.status_code", 200), ("client.address", "203.0.113.7"),
        ("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"), ("server.address", "localhost"),
        ("server.port", 4567), ("network.protocol.version", "1.1"),
    ];
}
