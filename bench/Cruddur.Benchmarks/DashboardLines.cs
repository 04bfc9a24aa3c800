using System.Text;

namespace Cruddur.Benchmarks;

/// <summary>
/// The Aspire dashboard's span stream as it comes: one span a line, each with its resource and scope, every
/// attribute value a string. A request through the gateway is four spans, as <c>bench/load</c> makes them:
/// the gateway's server and forwarder spans, the api's server span and its one internal span.
/// </summary>
internal static class DashboardLines
{
    public const int SpansPerRequest = 4;

    public static byte[] Stream(int requests, int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        var text = new StringBuilder(requests * SpansPerRequest * 1_600);
        for (var r = 0; r < requests; r++)
        {
            var traceId = Hex(random, 16);
            var (gatewayServer, forwarder, apiServer, work) = (Hex(random, 8), Hex(random, 8), Hex(random, 8), Hex(random, 8));
            var start = now + r * 100_000L;
            var status = r % 50 == 0 ? "500" : "200";
            Line(text, "gateway", "Microsoft.AspNetCore", traceId, gatewayServer, null, "GET /api/activities/home", 2, start, 3_000_000, Server(status, "/api/{**rest}"));
            Line(text, "gateway", "System.Net.Http", traceId, forwarder, gatewayServer, "GET", 3, start + 200_000, 2_500_000, Client(status));
            Line(text, "api", "Microsoft.AspNetCore", traceId, apiServer, forwarder, "GET /api/activities/home", 2, start + 400_000, 2_000_000, Server(status, "/api/activities/home"));
            Line(text, "api", "Cruddur.Api", traceId, work, apiServer, "home-activities-mock-data", 1, start + 500_000, 1_000_000, [("user", "user" + (r % 100))]);
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static (string, string)[] Server(string status, string route) =>
    [
        ("http.request.method", "GET"), ("server.address", "localhost"), ("server.port", "4567"), ("url.scheme", "http"),
        ("url.path", "/api/activities/home"), ("network.protocol.version", "1.1"), ("http.route", route),
        ("http.response.status_code", status), ("client.address", "127.0.0.1"), ("aspire.destination", "localhost:4567"),
    ];

    private static (string, string)[] Client(string status) =>
    [
        ("http.request.method", "GET"), ("server.address", "localhost"), ("server.port", "5080"),
        ("url.full", "http://localhost:5080/api/activities/home"), ("http.response.status_code", status),
        ("network.protocol.version", "1.1"), ("aspire.destination", "api-abcdefgh"),
    ];

    private static void Line(StringBuilder text, string service, string scope, string traceId, string spanId, string? parent, string name, int kind,
        long start, long duration, (string Key, string Value)[] attributes)
    {
        text.Append("{\"resourceSpans\":[{\"scopeSpans\":[{\"scope\":{\"name\":\"").Append(scope).Append("\"},\"spans\":[{\"traceId\":\"").Append(traceId)
            .Append("\",\"spanId\":\"").Append(spanId).Append("\",\"traceState\":\"xray=0\",");
        if (parent is not null)
        {
            text.Append("\"parentSpanId\":\"").Append(parent).Append("\",");
        }
        text.Append("\"name\":\"").Append(name).Append("\",\"kind\":").Append(kind)
            .Append(",\"startTimeUnixNano\":\"").Append(start).Append("\",\"endTimeUnixNano\":\"").Append(start + duration).Append("\",\"attributes\":[");
        Attributes(text, attributes);
        text.Append("]}]}],\"resource\":{\"attributes\":[");
        Attributes(text,
        [
            ("service.name", service), ("service.instance.id", service == "api" ? "qpkhkstx" : "xutaqgyj"),
            ("deployment.environment", "development"), ("deployment.environment.name", "development"), ("host.name", "vm"),
            ("process.pid", service == "api" ? "28565" : "28641"), ("process.runtime.name", ".NET"), ("process.runtime.version", "10.0.12"),
            ("service.version", "0.1.0+714fb6beb2a6d62ea89d249f355068121b96de41"), ("telemetry.sdk.language", "dotnet"),
            ("telemetry.sdk.name", "opentelemetry"), ("telemetry.sdk.version", "1.20.1"),
        ]);
        text.Append("]}}]}\n");
    }

    private static void Attributes(StringBuilder text, (string Key, string Value)[] attributes)
    {
        for (var i = 0; i < attributes.Length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("{\"key\":\"").Append(attributes[i].Key).Append("\",\"value\":{\"stringValue\":\"").Append(attributes[i].Value).Append("\"}}");
        }
    }

    private static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
