using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// Does what OpenTelemetry.Instrumentation.AspNetCore would (the package is not served):
/// names ASP.NET Core's server span <c>{METHOD} {route}</c>, adds the HTTP semantic-convention
/// attributes, marks 5xx and exceptions as errors, leaves health probes out of traces, and
/// writes one access-log record per request.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
{
    /// <summary>The access log's category, so it can be filtered or routed on its own.</summary>
    public const string AccessLogCategory = "Cruddur.AccessLog";

    private readonly ILogger _accessLog = loggerFactory.CreateLogger(AccessLogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        if (activity?.OperationName != TelemetrySources.ServerActivityName)
        {
            activity = null;
        }

        if (IsProbe(context.Request.Path))
        {
            // Not recorded: the exporters skip it, and its children inherit the decision.
            if (activity is not null)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            await next(context);
            return;
        }

        Exception? thrown = null;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            thrown = exception;
            throw;
        }
        finally
        {
            // Read at the end: forwarded-headers and routing have run by now, so the client
            // address, scheme and route are the final ones.
            var status = thrown is not null && !context.Response.HasStarted
                ? StatusCodes.Status500InternalServerError
                : context.Response.StatusCode;
            var handled = context.Features.Get<IExceptionHandlerFeature>();
            if (activity is not null && activity.IsAllDataRequested)
            {
                Enrich(activity, context, status, thrown ?? handled?.Error, handled?.Endpoint);
            }

            LogAccess(context, status);
        }
    }

    internal static bool IsProbe(PathString path) =>
        path.Equals(Extensions.HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(Extensions.AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase);

    internal static string? RouteOf(HttpContext context, Endpoint? handledEndpoint = null)
    {
        // The exception handler clears the endpoint before re-executing; it keeps the original.
        var raw = ((context.GetEndpoint() ?? handledEndpoint) as RouteEndpoint)?.RoutePattern.RawText;
        if (raw is null)
        {
            return null;
        }

        return raw.StartsWith('/') ? raw : "/" + raw;
    }

    private static void Enrich(Activity activity, HttpContext context, int status, Exception? exception, Endpoint? handledEndpoint)
    {
        var request = context.Request;
        var route = RouteOf(context, handledEndpoint);
        var byPath = (context.GetEndpoint() ?? handledEndpoint)?.Metadata.GetMetadata<SpanNameFromPath>() is not null;
        activity.DisplayName = byPath ? $"{request.Method} {request.Path.Value}"
            : route is null ? request.Method : $"{request.Method} {route}";

        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        if (request.QueryString.HasValue)
        {
            activity.SetTag("url.query", request.QueryString.Value!.TrimStart('?'));
        }

        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        activity.SetTag("http.response.status_code", status);
        activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
        if (request.Host.HasValue)
        {
            activity.SetTag("server.address", request.Host.Host);
            activity.SetTag("server.port", request.Host.Port ?? (request.IsHttps ? 443 : 80));
        }

        if (context.Connection.RemoteIpAddress is { } client)
        {
            activity.SetTag("client.address", client.ToString());
        }

        if (request.Headers.UserAgent is { Count: > 0 } userAgent)
        {
            activity.SetTag("user_agent.original", userAgent.ToString());
        }

        // An exception that ended in a 4xx (malformed JSON, say) is the client's error, not the server's.
        if (exception is not null && status >= 500)
        {
            activity.AddException(exception);
            activity.SetTag("error.type", exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        else if (status >= 500)
        {
            activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.0" => "1.0",
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        _ => protocol,
    };

    private void LogAccess(HttpContext context, int status)
    {
        if (!_accessLog.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        LogRequest(
            _accessLog,
            DateTimeOffset.UtcNow,
            context.Connection.RemoteIpAddress?.ToString() ?? "-",
            request.Method,
            request.Scheme,
            request.Path.Value + request.QueryString.Value,
            status);
    }

    // The original back end's after_request line: time, client, method, scheme, full path, status.
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Time:O} {ClientAddress} {Method} {Scheme} {FullPath} {StatusCode}")]
    private static partial void LogRequest(ILogger logger, DateTimeOffset time, string clientAddress,
        string method, string scheme, string fullPath, int statusCode);
}

/// <summary>Puts <see cref="RequestTelemetryMiddleware"/> first, around everything the app adds.</summary>
internal sealed class RequestTelemetryStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestTelemetryMiddleware>();
        next(app);
    };
}
