using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Cruddur.ServiceDefaults.Aws;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// The few CloudWatch Logs operations the sink needs, over the JSON 1.1 protocol with SigV4 (service <c>logs</c>).
/// </summary>
internal sealed class CloudWatchLogsClient(HttpClient http, Uri endpoint, string region, Func<AwsSigningCredentials> credentials)
{
    private const string TargetPrefix = "Logs_20140328.";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task CreateLogGroupAsync(string logGroup, CancellationToken cancellationToken) =>
        CreateAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = logGroup }, cancellationToken);

    public Task CreateLogStreamAsync(string logGroup, string logStream, CancellationToken cancellationToken) =>
        CreateAsync("CreateLogStream", new JsonObject { ["logGroupName"] = logGroup, ["logStreamName"] = logStream }, cancellationToken);

    public Task PutRetentionPolicyAsync(string logGroup, int days, CancellationToken cancellationToken) =>
        SendAsync("PutRetentionPolicy", new JsonObject { ["logGroupName"] = logGroup, ["retentionInDays"] = days }, cancellationToken);

    /// <summary>Sends one batch; returns how many events CloudWatch rejected individually.</summary>
    public async Task<int> PutLogEventsAsync(string logGroup, string logStream, IReadOnlyList<CloudWatchLogEvent> events,
        CancellationToken cancellationToken)
    {
        var reply = await SendAsync("PutLogEvents", PutLogEventsBody(logGroup, logStream, events), cancellationToken);
        return RejectedCount(reply?["rejectedLogEventsInfo"], events.Count);
    }

    /// <summary>
    /// The PutLogEvents request body, written straight from the events' UTF-8 messages: each is copied
    /// once, escaped as a JSON string (quote, backslash and control characters; the rest is valid UTF-8
    /// and goes as it is), with no document object model in between.
    /// </summary>
    internal static ReadOnlyMemory<byte> PutLogEventsBody(string logGroup, string logStream, IReadOnlyList<CloudWatchLogEvent> events)
    {
        // Sized for the usual escaping (an event's JSON gains a backslash per quote, about a tenth), so
        // the buffer is allocated once and sent as it is, without a final copy.
        var size = 256 + logGroup.Length + logStream.Length;
        foreach (var logEvent in events)
        {
            size += logEvent.Utf8Message.Length + (logEvent.Utf8Message.Length / 4) + 48;
        }

        var buffer = new ArrayBufferWriter<byte>(size);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("logGroupName", logGroup);
            writer.WriteString("logStreamName", logStream);
            writer.WriteStartArray("logEvents");
            byte[]? scratch = null;
            try
            {
                foreach (var logEvent in events)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("timestamp", logEvent.Timestamp);
                    writer.WritePropertyName("message");
                    var message = logEvent.Utf8Message;
                    var needed = (message.Length * 6) + 2;
                    if (scratch is null || scratch.Length < needed)
                    {
                        if (scratch is not null)
                        {
                            ArrayPool<byte>.Shared.Return(scratch);
                        }

                        scratch = ArrayPool<byte>.Shared.Rent(needed);
                    }

                    var length = JsonStringLiteral(message, scratch);
                    writer.WriteRawValue(scratch.AsSpan(0, length), skipInputValidation: true);
                    writer.WriteEndObject();
                }
            }
            finally
            {
                if (scratch is not null)
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>Writes <paramref name="utf8"/> as a quoted JSON string into <paramref name="destination"/>; returns its length.</summary>
    internal static int JsonStringLiteral(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        // A byte loop, not IndexOfAny: an event's message is JSON itself, dense with quotes, so runs
        // between two characters to escape are short and a vector search would restart every few bytes.
        var at = 0;
        destination[at++] = (byte)'"';
        foreach (var next in utf8)
        {
            if (next >= 0x20 && next != (byte)'"' && next != (byte)'\\')
            {
                destination[at++] = next;
                continue;
            }

            destination[at++] = (byte)'\\';
            switch (next)
            {
                case (byte)'"' or (byte)'\\':
                    destination[at++] = next;
                    break;
                case (byte)'\n':
                    destination[at++] = (byte)'n';
                    break;
                case (byte)'\r':
                    destination[at++] = (byte)'r';
                    break;
                case (byte)'\t':
                    destination[at++] = (byte)'t';
                    break;
                default:
                    destination[at++] = (byte)'u';
                    destination[at++] = (byte)'0';
                    destination[at++] = (byte)'0';
                    destination[at++] = HexDigit(next >> 4);
                    destination[at++] = HexDigit(next & 0xF);
                    break;
            }
        }

        destination[at++] = (byte)'"';
        return at;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    // The indexes say which leading/trailing events were too old, expired or too new.
    internal static int RejectedCount(JsonNode? info, int count)
    {
        if (info is not JsonObject rejected)
        {
            return 0;
        }

        var tooOldEnd = Math.Max(Index(rejected, "tooOldLogEventEndIndex"), Index(rejected, "expiredLogEventEndIndex"));
        var tooNewStart = Index(rejected, "tooNewLogEventStartIndex");
        var old = tooOldEnd < 0 ? 0 : Math.Min(tooOldEnd + 1, count);
        var tooNew = tooNewStart < 0 ? 0 : Math.Max(count - tooNewStart, 0);
        return Math.Min(old + tooNew, count);
    }

    private static int Index(JsonObject info, string name) =>
        info[name] is JsonValue value && value.TryGetValue<int>(out var index) ? index : -1;

    private async Task CreateAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(operation, body, cancellationToken);
        }
        catch (CloudWatchLogsException error) when (error.ErrorType == "ResourceAlreadyExistsException")
        {
            // Already there is what we wanted.
        }
    }

    private Task<JsonNode?> SendAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(operation, Encoding.UTF8.GetBytes(body.ToJsonString()), cancellationToken);

    private async Task<JsonNode?> SendAsync(string operation, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        var now = DateTimeOffset.UtcNow;
        var signing = credentials();
        var headers = new Dictionary<string, string>
        {
            ["host"] = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}",
            ["x-amz-date"] = AwsSigV4Signer.AmzDate(now),
            ["x-amz-target"] = TargetPrefix + operation,
            ["content-type"] = JsonContentType.MediaType!,
        };
        if (signing.SessionToken is { Length: > 0 } token)
        {
            headers["x-amz-security-token"] = token;
        }

        var authorization = AwsSigV4Signer.Authorization("POST", endpoint, headers, payload.Span, signing, region, "logs", now);
        request.Content = new ReadOnlyMemoryContent(payload);
        request.Content.Headers.ContentType = JsonContentType;
        foreach (var (name, value) in headers.Where(header => header.Key is not ("host" or "content-type")))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? reply = null;
        if (text.Length > 0)
        {
            try
            {
                reply = JsonNode.Parse(text);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // A proxy's HTML error page: the status code says enough.
                reply = null;
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            var type = reply?["__type"]?.GetValue<string>() ?? $"Http{(int)response.StatusCode}";
            var message = reply?["message"]?.GetValue<string>() ?? reply?["Message"]?.GetValue<string>() ?? response.ReasonPhrase ?? "";
            throw new CloudWatchLogsException(type[(type.LastIndexOf('#') + 1)..], (int)response.StatusCode, message);
        }

        return reply;
    }
}
