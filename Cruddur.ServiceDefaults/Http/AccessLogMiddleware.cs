using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// One Information record per request in the category <c>Cruddur.AccessLog</c>, as the original
/// back end's <c>after_request</c> wrote it: time, client address, method, scheme, full path, status.
/// Health probes are left out.
/// </summary>
internal sealed partial class AccessLogMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
{
    /// <summary>The access log's category, so it can be filtered or routed on its own.</summary>
    public const string Category = "Cruddur.AccessLog";

    private readonly ILogger _log = loggerFactory.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        if (HealthProbes.IsProbe(context.Request.Path) || !_log.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // Read at the end: forwarded headers have run by now, so the client address and
            // scheme are the caller's, and the status is the one sent.
            var request = context.Request;
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            LogRequest(_log, DateTimeOffset.UtcNow, context.Connection.RemoteIpAddress?.ToString() ?? "-",
                request.Method, request.Scheme, request.Path.Value + request.QueryString.Value, status);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Time:O} {ClientAddress} {Method} {Scheme} {FullPath} {StatusCode}")]
    private static partial void LogRequest(ILogger logger, DateTimeOffset time, string clientAddress,
        string method, string scheme, string fullPath, int statusCode);
}
