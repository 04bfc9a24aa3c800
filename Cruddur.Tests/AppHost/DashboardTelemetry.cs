using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cruddur.Tests.AppHost;

/// <summary>
/// Reads the Aspire dashboard's telemetry API (<c>/api/telemetry/…</c>, OTLP JSON, header <c>x-api-key</c>)
/// the way a developer's tool would, flattening spans and log records with their service's name.
/// </summary>
internal sealed class DashboardTelemetry(HttpClient client)
{
    public static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<DashboardSpan>> TraceAsync(string traceId, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/telemetry/traces/{traceId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return [.. Spans(body.GetProperty("data"))];
    }

    public async Task<IReadOnlyList<DashboardLog>> LogsAsync(string traceId, string resource, CancellationToken cancellationToken)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/telemetry/logs?traceId={traceId}&resource={resource}", cancellationToken);
        return [.. Logs(body.GetProperty("data"))];
    }

    /// <summary>Polls until <paramref name="done"/> holds for what <paramref name="read"/> returns.</summary>
    public static async Task<T> WaitForAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> done, string what,
        CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ExportWait;
        while (true)
        {
            var value = await read(cancellationToken);
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The dashboard did not show {what} within {ExportWait}.");
            await Task.Delay(250, cancellationToken);
        }
    }

    private static IEnumerable<DashboardSpan> Spans(JsonElement data)
    {
        foreach (var resourceSpans in data.GetProperty("resourceSpans").EnumerateArray())
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    yield return new DashboardSpan(
                        service,
                        span.GetProperty("name").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                        span.GetProperty("kind").GetInt32(),
                        span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) ? code.GetInt32() : 0);
                }
            }
        }
    }

    private static IEnumerable<DashboardLog> Logs(JsonElement data)
    {
        foreach (var resourceLogs in data.GetProperty("resourceLogs").EnumerateArray())
        {
            var service = ServiceName(resourceLogs);
            foreach (var scopeLogs in resourceLogs.GetProperty("scopeLogs").EnumerateArray())
            {
                var scope = scopeLogs.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var record in scopeLogs.GetProperty("logRecords").EnumerateArray())
                {
                    yield return new DashboardLog(
                        service,
                        scope,
                        record.TryGetProperty("traceId", out var trace) ? trace.GetString() : null,
                        record.TryGetProperty("spanId", out var span) ? span.GetString() : null,
                        record.TryGetProperty("body", out var body) && body.TryGetProperty("stringValue", out var text) ? text.GetString() : null);
                }
            }
        }
    }

    private static string? ServiceName(JsonElement resourceItem) =>
        resourceItem.GetProperty("resource").GetProperty("attributes").EnumerateArray()
            .Where(attribute => attribute.GetProperty("key").GetString() == "service.name")
            .Select(attribute => attribute.GetProperty("value").GetProperty("stringValue").GetString())
            .FirstOrDefault();
}

/// <summary>A span as the dashboard holds it. Kind and status codes are OTLP's: 2 server, 3 client; 2 error.</summary>
internal sealed record DashboardSpan(string? Service, string Name, string SpanId, string? ParentSpanId, int Kind, int StatusCode)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;
    public const int ErrorStatus = 2;
}

internal sealed record DashboardLog(string? Service, string Scope, string? TraceId, string? SpanId, string? Body);
