using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// Turns one finished span into one X-Ray segment document, following the rules of the
/// OpenTelemetry collector's X-Ray exporter: SERVER spans and roots are segments named after
/// the service, everything else is a subsegment sent on its own.
/// </summary>
public static class XRaySegmentDocument
{
    public const string AnnotationsAttribute = "aws.xray.annotations";
    public const int MaxNameLength = 200;
    public const int MaxAnnotations = 50;

    // Attributes that the document carries in its own fields rather than in metadata.
    private static readonly HashSet<string> HttpAttributes =
    [
        "http.request.method", "url.full", "url.scheme", "url.path", "url.query", "server.address", "server.port",
        "http.host", "user_agent.original", "client.address", "http.response.status_code", "http.response.body.size",
        AnnotationsAttribute,
    ];

    /// <summary>A request that arrived with only <c>Root=</c>: its segment is the root of that trace.</summary>
    public static bool JoinsAsTraceRoot(Activity activity) =>
        activity.Kind == ActivityKind.Server && activity.HasRemoteParent
        && activity.ParentSpanId == XRayTraceIds.ImplicitRootParent(activity.TraceId);

    public static bool IsSubsegment(Activity activity) =>
        activity.Kind != ActivityKind.Server && activity.ParentSpanId != default;

    /// <summary>The document as UTF-8 JSON; without metadata when <paramref name="includeMetadata"/> is false.</summary>
    public static byte[] Write(Activity activity, IReadOnlyDictionary<string, object> resource, bool includeMetadata = true)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, activity, resource, includeMetadata);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string NameOf(Activity activity, IReadOnlyDictionary<string, object> resource)
    {
        string? name;
        if (!IsSubsegment(activity))
        {
            name = Text(resource, "service.name");
        }
        else
        {
            name = activity.Kind == ActivityKind.Client
                ? Text(activity, "peer.service") ?? Text(activity, "server.address") ?? Text(activity, "http.host")
                : null;
        }

        return SanitizeName(name ?? activity.DisplayName);
    }

    /// <summary>Keeps the characters X-Ray allows in a name, at most 200 of them; <c>span</c> when none are left.</summary>
    public static string SanitizeName(string? name)
    {
        var kept = new StringBuilder();
        foreach (var c in name ?? string.Empty)
        {
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || "_.:/%&#=+\\-@".Contains(c))
            {
                kept.Append(c);
                if (kept.Length == MaxNameLength)
                {
                    break;
                }
            }
        }

        var result = kept.ToString().Trim();
        return result.Length == 0 ? "span" : result;
    }

    /// <summary>Annotation keys: alphanumeric or underscore, anything else becomes an underscore.</summary>
    public static string SanitizeAnnotationKey(string key)
    {
        var chars = key.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    public static string? UrlOf(Activity activity)
    {
        if (Text(activity, "url.full") is { } full)
        {
            return full;
        }

        var scheme = Text(activity, "url.scheme");
        var host = Text(activity, "server.address") ?? Text(activity, "http.host");
        var path = Text(activity, "url.path");
        if (scheme is null || host is null)
        {
            return path;
        }

        var port = Number(activity, "server.port");
        var url = new StringBuilder(scheme).Append("://").Append(host);
        if (port is { } p && !(scheme == "http" && p == 80) && !(scheme == "https" && p == 443))
        {
            url.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        }

        url.Append(path ?? "/");
        // The semantic conventions write the query without its '?'; the ASP.NET Core instrumentation keeps it.
        if (Text(activity, "url.query") is { } query)
        {
            url.Append('?').Append(query.TrimStart('?'));
        }

        return url.ToString();
    }

    public static string? OriginOf(IReadOnlyDictionary<string, object> resource) => Text(resource, "cloud.platform") switch
    {
        "aws_ecs" => "AWS::ECS::Container",
        "aws_ec2" => "AWS::EC2::Instance",
        "aws_eks" => "AWS::EKS::Container",
        "aws_elastic_beanstalk" => "AWS::ElasticBeanstalk::Environment",
        _ => null,
    };

    private static void Write(Utf8JsonWriter json, Activity activity, IReadOnlyDictionary<string, object> resource, bool includeMetadata)
    {
        var subsegment = IsSubsegment(activity);
        json.WriteStartObject();
        json.WriteString("name", NameOf(activity, resource));
        json.WriteString("id", activity.SpanId.ToHexString());
        json.WriteString("trace_id", XRayTraceIds.ToXRayId(activity.TraceId));
        if (activity.ParentSpanId != default && !JoinsAsTraceRoot(activity))
        {
            json.WriteString("parent_id", activity.ParentSpanId.ToHexString());
        }

        var start = activity.StartTimeUtc;
        json.WriteNumber("start_time", EpochSeconds(start));
        json.WriteNumber("end_time", EpochSeconds(start + activity.Duration));

        var consumed = new HashSet<string>(HttpAttributes, StringComparer.Ordinal);
        if (subsegment)
        {
            json.WriteString("type", "subsegment");
            if (Text(activity, "rpc.system") == "aws-api")
            {
                json.WriteString("namespace", "aws");
            }
            else if (activity.Kind == ActivityKind.Client)
            {
                json.WriteString("namespace", "remote");
            }

            consumed.Add("peer.service");
        }
        else
        {
            if (OriginOf(resource) is { } origin)
            {
                json.WriteString("origin", origin);
            }

            if (Text(resource, "service.version") is { } version)
            {
                json.WriteStartObject("service");
                json.WriteString("version", version);
                json.WriteEndObject();
            }

            if (Text(activity, "enduser.id") is { } user)
            {
                json.WriteString("user", user);
                consumed.Add("enduser.id");
            }
        }

        var status = (int?)Number(activity, "http.response.status_code");
        WriteHttp(json, activity, status);
        WriteFlags(json, activity, status);
        WriteCause(json, activity);
        var annotated = WriteAnnotations(json, activity);
        consumed.UnionWith(annotated);
        if (includeMetadata)
        {
            WriteMetadata(json, activity, subsegment ? null : resource, consumed);
        }

        json.WriteEndObject();
    }

    private static void WriteHttp(Utf8JsonWriter json, Activity activity, int? status)
    {
        var method = Text(activity, "http.request.method");
        if (method is null && status is null)
        {
            return;
        }

        json.WriteStartObject("http");
        json.WriteStartObject("request");
        if (method is not null)
        {
            json.WriteString("method", method);
        }

        if (UrlOf(activity) is { } url)
        {
            json.WriteString("url", url);
        }

        if (Text(activity, "user_agent.original") is { } userAgent)
        {
            json.WriteString("user_agent", userAgent);
        }

        if (Text(activity, "client.address") is { } client && IPAddress.TryParse(client, out _))
        {
            json.WriteString("client_ip", client);
            // The socket's peer differs from the client when a proxy passed X-Forwarded-For on.
            if (Text(activity, "network.peer.address") is { } peer && peer != client)
            {
                json.WriteBoolean("x_forwarded_for", true);
            }
        }

        json.WriteEndObject();
        if (status is not null || Number(activity, "http.response.body.size") is not null)
        {
            json.WriteStartObject("response");
            if (status is { } code)
            {
                json.WriteNumber("status", code);
            }

            if (Number(activity, "http.response.body.size") is { } length)
            {
                json.WriteNumber("content_length", length);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteFlags(Utf8JsonWriter json, Activity activity, int? status)
    {
        switch (status)
        {
            case 429:
                json.WriteBoolean("error", true);
                json.WriteBoolean("throttle", true);
                break;
            case >= 400 and < 500:
                json.WriteBoolean("error", true);
                break;
            case >= 500:
                json.WriteBoolean("fault", true);
                break;
            case null when activity.Status == ActivityStatusCode.Error:
                json.WriteBoolean("fault", true);
                break;
        }
    }

    private static void WriteCause(Utf8JsonWriter json, Activity activity)
    {
        var exceptions = activity.Events.Where(e => e.Name == "exception").ToList();
        var message = activity.Status == ActivityStatusCode.Error ? activity.StatusDescription : null;
        if (exceptions.Count == 0 && string.IsNullOrEmpty(message))
        {
            return;
        }

        var remote = activity.Kind == ActivityKind.Client;
        json.WriteStartObject("cause");
        json.WriteStartArray("exceptions");
        if (exceptions.Count == 0)
        {
            json.WriteStartObject();
            json.WriteString("id", NewExceptionId());
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        foreach (var exception in exceptions)
        {
            string? type = null, text = null, stack = null;
            foreach (var (key, value) in exception.Tags)
            {
                switch (key)
                {
                    case "exception.type": type = value?.ToString(); break;
                    case "exception.message": text = value?.ToString(); break;
                    case "exception.stacktrace": stack = value?.ToString(); break;
                }
            }

            json.WriteStartObject();
            json.WriteString("id", NewExceptionId());
            if (text is not null)
            {
                json.WriteString("message", text);
            }

            if (type is not null)
            {
                json.WriteString("type", type);
            }

            json.WriteBoolean("remote", remote);
            var frames = XRayStackFrame.Parse(stack);
            if (frames.Count > 0)
            {
                json.WriteStartArray("stack");
                foreach (var frame in frames)
                {
                    json.WriteStartObject();
                    if (frame.Path is not null)
                    {
                        json.WriteString("path", frame.Path);
                    }

                    if (frame.Line is { } line)
                    {
                        json.WriteNumber("line", line);
                    }

                    json.WriteString("label", frame.Label);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static List<string> WriteAnnotations(Utf8JsonWriter json, Activity activity)
    {
        var listed = activity.GetTagItem(AnnotationsAttribute) switch
        {
            string text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            IEnumerable<string> keys => keys.ToArray(),
            _ => [],
        };
        var written = new List<string>();
        foreach (var key in listed.Distinct(StringComparer.Ordinal))
        {
            var value = activity.GetTagItem(key);
            if (written.Count == MaxAnnotations || !IsAnnotationValue(value))
            {
                continue;
            }

            if (written.Count == 0)
            {
                json.WriteStartObject("annotations");
            }

            json.WritePropertyName(SanitizeAnnotationKey(key));
            WriteValue(json, value);
            written.Add(key);
        }

        if (written.Count > 0)
        {
            json.WriteEndObject();
        }

        return written;
    }

    private static void WriteMetadata(Utf8JsonWriter json, Activity activity, IReadOnlyDictionary<string, object>? resource,
        HashSet<string> consumed)
    {
        var attributes = activity.TagObjects
            .Where(tag => tag.Value is not null && !consumed.Contains(tag.Key) && !tag.Key.StartsWith("AWS.", StringComparison.Ordinal))
            .ToList();
        var resourceAttributes = resource?.Where(pair => !pair.Key.StartsWith("AWS.", StringComparison.Ordinal)).ToList() ?? [];
        if (attributes.Count == 0 && resourceAttributes.Count == 0)
        {
            return;
        }

        json.WriteStartObject("metadata");
        json.WriteStartObject("default");
        foreach (var (key, value) in resourceAttributes)
        {
            json.WritePropertyName("otel.resource." + key);
            WriteValue(json, value);
        }

        foreach (var (key, value) in attributes)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool IsAnnotationValue(object? value) =>
        value is string or bool or int or long or short or byte or uint or ulong or float or double or decimal;

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string text: json.WriteStringValue(text); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case int or long or short or byte or uint: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong big: json.WriteNumberValue(big); break;
            case float or double: WriteDouble(json, Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
            case decimal money: json.WriteNumberValue(money); break;
            case System.Collections.IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    // JSON has no NaN or infinity.
    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double EpochSeconds(DateTime utc) =>
        Math.Round((utc - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond, 6);

    private static string NewExceptionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string? Text(Activity activity, string key) => activity.GetTagItem(key) switch
    {
        string text when text.Length > 0 => text,
        null => null,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    private static string? Text(IReadOnlyDictionary<string, object> attributes, string key) =>
        attributes.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static long? Number(Activity activity, string key) => activity.GetTagItem(key) switch
    {
        int i => i,
        long l => l,
        short s => s,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
