using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// Turns the binding failures ASP.NET Core throws (malformed JSON, wrong content type, body too
/// large) into problem details with their own status, instead of the exception handler's 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(
    IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        // The framework's message can quote the request ("Failed to bind parameter ... from \"...\"").
        LogRejected(logger, bad.StatusCode, ControlCharacters.Escape(bad.Message));
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Detail = DetailOf(httpContext, bad),
            },
        });
    }

    // Said for a caller of the API: what was expected, never the framework's words about handler parameters
    // and .NET types. Null (a 413 or 415) leaves the wording to the service's problem-details customisation.
    private static string? DetailOf(HttpContext context, BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return null;
        }

        var expected = ExpectedJsonBody.Of(context);
        return exception.InnerException switch
        {
            // The JSON reader's own failure, which it wraps: the text is not JSON.
            JsonException { InnerException: JsonException } syntax =>
                $"The request body is not valid JSON (line {syntax.LineNumber + 1}, byte {syntax.BytePositionInLine + 1}); send {expected}.",
            // Valid JSON of another shape: the path says where it differs.
            JsonException { Path: { Length: > 1 } path } => $"The request body must be {expected}; what is at {path} is not.",
            JsonException => $"The request body must be {expected}.",
            _ => $"The request body is missing or null; send {expected}.",
        };
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Request rejected with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);
}
