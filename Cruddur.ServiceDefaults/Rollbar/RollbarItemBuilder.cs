using System.Diagnostics;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Builds the <c>data</c> of a Rollbar item (PROTOCOLS.md): body, level, request, person, server,
/// and the trace ids in <c>custom</c> that lead from the item to the trace and the log lines.
/// </summary>
internal sealed class RollbarItemBuilder(ServiceIdentity service, IHostEnvironment host, RollbarOptions options)
{
    public const string NotifierName = "cruddur-rollbar";
    public const string ItemUuidAttribute = "rollbar.item.uuid";
    public const string ItemEventName = "rollbar.item";

    private static readonly string NotifierVersion =
        typeof(RollbarItemBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly RollbarScrubber _scrubber = new(options.ScrubFields);

    public async Task<JsonObject> ForExceptionAsync(Exception exception, string level, HttpContext? context, bool includeBody = true)
    {
        var chain = new List<Exception>();
        for (var current = exception; current is not null && chain.Count < 10; current = current.InnerException)
        {
            chain.Add(current);
        }

        var body = chain.Count == 1
            ? new JsonObject { ["trace"] = Trace(exception) }
            : new JsonObject { ["trace_chain"] = new JsonArray([.. chain.Select(link => (JsonNode)Trace(link))]) };
        var data = Common(level, body);
        data["title"] = Cut($"{exception.GetType().Name}: {exception.Message}", 255);
        await AddRequestAsync(data, context, includeBody);
        return data;
    }

    public async Task<JsonObject> ForMessageAsync(string message, string level, HttpContext? context, bool includeBody = true)
    {
        var data = Common(level, new JsonObject { ["message"] = new JsonObject { ["body"] = message } });
        await AddRequestAsync(data, context, includeBody);
        return data;
    }

    private JsonObject Common(string level, JsonObject body)
    {
        var data = new JsonObject
        {
            ["environment"] = Cut(host.EnvironmentName.ToLowerInvariant(), 255),
            ["body"] = body,
            ["level"] = level,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["code_version"] = Cut(service.ServiceVersion, 40),
            ["platform"] = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux",
            ["language"] = "csharp",
            ["framework"] = $"ASP.NET Core {Environment.Version}",
            ["server"] = new JsonObject
            {
                ["host"] = Environment.MachineName,
                ["root"] = host.ContentRootPath,
                ["code_version"] = Cut(service.ServiceVersion, 40),
            },
            ["uuid"] = Guid.NewGuid().ToString(),
            ["notifier"] = new JsonObject { ["name"] = NotifierName, ["version"] = NotifierVersion },
        };
        var custom = new JsonObject { ["service"] = service.ServiceName };
        if (Activity.Current is { } activity)
        {
            RecordItemOnSpan(activity, data["uuid"]!.GetValue<string>());
            var traceId = activity.TraceId.ToHexString();
            custom["trace_id"] = traceId;
            custom["span_id"] = activity.SpanId.ToHexString();
            custom["xray_trace_id"] = $"1-{traceId[..8]}-{traceId[8..]}";
        }

        data["custom"] = custom;
        return data;
    }

    /// <summary>
    /// Marks the span that produced the item (attribute and event <see cref="ItemUuidAttribute"/>), so a trace
    /// viewer can link to the item: https://rollbar.com/item/uuid/?uuid=…
    /// </summary>
    private static void RecordItemOnSpan(Activity activity, string uuid)
    {
        activity.SetTag(ItemUuidAttribute, uuid);
        activity.AddEvent(new ActivityEvent(ItemEventName, tags: new ActivityTagsCollection { [ItemUuidAttribute] = uuid }));
    }

    private static JsonObject Trace(Exception exception)
    {
        var frames = new JsonArray();
        // StackTrace lists the most recent call first; Rollbar wants it last.
        foreach (var frame in new StackTrace(exception, true).GetFrames().Reverse())
        {
            var method = frame.GetMethod();
            var typeName = method?.DeclaringType?.FullName ?? "";
            var json = new JsonObject
            {
                ["filename"] = frame.GetFileName() is { Length: > 0 } file ? file : typeName.Length > 0 ? typeName : "<unknown>",
                ["method"] = method is null ? "<unknown>" : $"{typeName}.{method.Name}",
            };
            if (frame.GetFileLineNumber() is > 0 and var line)
            {
                json["lineno"] = line;
                json["colno"] = frame.GetFileColumnNumber();
            }

            frames.Add(json);
        }

        return new JsonObject
        {
            ["frames"] = frames,
            ["exception"] = new JsonObject
            {
                ["class"] = exception.GetType().FullName,
                ["message"] = exception.Message,
                ["description"] = exception.ToString(),
            },
        };
    }

    private async Task AddRequestAsync(JsonObject data, HttpContext? context, bool includeBody)
    {
        if (context is null)
        {
            return;
        }

        var request = context.Request;
        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = _scrubber.Value(name, values.ToString());
        }

        var get = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            get[name] = _scrubber.Value(name, values.ToString());
        }

        var queryString = _scrubber.QueryString(request.QueryString.Value ?? "");
        var json = new JsonObject
        {
            ["url"] = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{(queryString.Length > 0 ? "?" + queryString : "")}",
            ["method"] = request.Method,
            ["headers"] = headers,
            ["GET"] = get,
            ["query_string"] = queryString,
            ["user_ip"] = context.Connection.RemoteIpAddress?.ToString(),
        };
        if (includeBody)
        {
            await AddBodyAsync(json, request);
        }

        data["request"] = json;
        // ExceptionHandlerMiddleware clears the endpoint before the handlers run; its feature keeps it.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        data["context"] = Cut((endpoint as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value ?? "", 255);
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var id = context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? context.User.FindFirst("sub")?.Value ?? context.User.Identity.Name;
            if (!string.IsNullOrEmpty(id))
            {
                data["person"] = new JsonObject
                {
                    ["id"] = Cut(id, 40),
                    ["username"] = context.User.Identity.Name,
                    ["email"] = context.User.FindFirst(ClaimTypes.Email)?.Value,
                };
            }
        }
    }

    private async Task AddBodyAsync(JsonObject json, HttpRequest request)
    {
        if (options.MaxRequestBodyBytes == 0 || !request.Body.CanSeek || request.Body.Length == 0)
        {
            return;
        }

        request.Body.Position = 0;
        var buffer = new byte[Math.Min(request.Body.Length, options.MaxRequestBodyBytes)];
        await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        var text = Encoding.UTF8.GetString(buffer);
        var truncated = request.Body.Length > buffer.Length;
        if (request.HasFormContentType)
        {
            var post = new JsonObject();
            foreach (var (name, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text))
            {
                post[name] = _scrubber.Value(name, value.ToString());
            }

            json["POST"] = post;
            return;
        }

        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && !truncated)
        {
            try
            {
                json["body"] = _scrubber.Json(JsonNode.Parse(text))?.ToJsonString();
                return;
            }
            catch (JsonException)
            {
                // Not valid JSON after all: fall through to the masked-or-raw text below.
                json["body_parse_error"] = true;
            }
        }

        // A body that cannot be parsed may still hold a secret: keep it only when no scrubbed name appears in it.
        json["body"] = options.ScrubFields.Any(field => text.Contains(field, StringComparison.OrdinalIgnoreCase))
            ? RollbarScrubber.Mask
            : text + (truncated ? "…[truncated]" : "");
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
