using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// One Information record per request in the category <c>Cruddur.AccessLog</c>, as the original
/// back end's <c>after_request</c> wrote it: time, client address, method, scheme, full path, status.
/// Health probes are left out. What the request chose is written with its control characters escaped,
/// so a <c>%0D%0A</c> or <c>%1B[</c> in a path forges no line and colours no terminal.
/// <c>AccessLog:Successes</c> = false leaves out the requests answered below 400: the gateway's setting,
/// whose successful requests are each the api's line already.
/// </summary>
internal sealed partial class AccessLogMiddleware(RequestDelegate next, ILoggerFactory loggerFactory, IConfiguration configuration)
{
    /// <summary>The access log's category, so it can be filtered or routed on its own.</summary>
    public const string Category = "Cruddur.AccessLog";

    /// <summary>The setting that, false, keeps only the requests that failed (status 400 and above).</summary>
    public const string SuccessesSetting = "AccessLog:Successes";

    private readonly ILogger _log = loggerFactory.CreateLogger(Category);
    private readonly bool _successes = configuration.GetValue(SuccessesSetting, defaultValue: true);

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
            if (_successes || status >= StatusCodes.Status400BadRequest)
            {
                LogRequest(_log, DateTimeOffset.UtcNow, context.Connection.RemoteIpAddress?.ToString() ?? "-",
                    ControlCharacters.Escape(request.Method), ControlCharacters.Escape(request.Scheme),
                    ControlCharacters.Escape(request.Path.Value + request.QueryString.Value), status);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Time:O} {ClientAddress} {Method} {Scheme} {FullPath} {StatusCode}")]
    private static partial void LogRequest(ILogger logger, DateTimeOffset time, string clientAddress,
        string method, string scheme, string fullPath, int statusCode);
}
