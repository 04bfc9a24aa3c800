using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using Cruddur.ServiceDefaults.Aws;

namespace Cruddur.XRayDaemon.Forwarding;

/// <summary>Signed calls to the X-Ray API: PutTraceSegments, and anything the TCP proxy passes on.</summary>
internal sealed partial class XRayApi(HttpClient http, AwsAccess access, TimeProvider clock, ILogger<XRayApi> logger)
{
    public const int MaxAttempts = 4;
    public const string Service = "xray";

    /// <summary>Sends one batch, retrying throttling and 5xx with backoff. Returns the documents X-Ray left unprocessed, or null if the batch failed.</summary>
    public async Task<int?> PutTraceSegmentsAsync(IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, IReadOnlyList<string>> { ["TraceSegmentDocuments"] = documents });
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            HttpStatusCode? status = null;
            try
            {
                using var response = await SendAsync(HttpMethod.Post, "/TraceSegments", body, "application/json", cancellationToken);
                status = response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return CountUnprocessed(text);
                }

                if (!IsRetryable(response.StatusCode))
                {
                    LogRejected(logger, (int)response.StatusCode, text.Length > 300 ? text[..300] : text, documents.Count);
                    return null;
                }
            }
            catch (HttpRequestException exception)
            {
                LogUnreachable(logger, exception.Message);
            }

            if (attempt < MaxAttempts)
            {
                LogRetrying(logger, status is null ? "network error" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), delay);
                await Task.Delay(delay, clock, cancellationToken);
                delay *= 2;
            }
        }

        return null;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[] body, string? contentType,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(access.Endpoint!.AbsoluteUri.TrimEnd('/') + pathAndQuery);
        using var request = new HttpRequestMessage(method, uri);
        if (body.Length > 0 || method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        var credentials = access.Credentials();
        AwsSigV4Signer.Sign(request, body, new AwsSigningCredentials(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null),
            access.Region!, Service, clock.GetUtcNow());
        return await http.SendAsync(request, cancellationToken);
    }

    private int CountUnprocessed(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            if (!json.RootElement.TryGetProperty("UnprocessedTraceSegments", out var unprocessed) || unprocessed.ValueKind != JsonValueKind.Array)
            {
                return 0;
            }

            foreach (var segment in unprocessed.EnumerateArray())
            {
                LogUnprocessed(logger, Text(segment, "Id"), Text(segment, "ErrorCode"), Text(segment, "Message"));
            }

            return unprocessed.GetArrayLength();
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : "-";

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "X-Ray rejected a batch of {Count} documents: {Status} {Body}")]
    private static partial void LogRejected(ILogger logger, int status, string body, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "X-Ray is unreachable: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "X-Ray answered {Status}; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string status, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unprocessed segment {Id}: {ErrorCode} {Message}")]
    private static partial void LogUnprocessed(ILogger logger, string id, string errorCode, string message);
}
