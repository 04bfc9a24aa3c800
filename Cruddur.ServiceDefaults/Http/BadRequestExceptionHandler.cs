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
                Detail = DetailOf(bad),
            },
        });
    }

    // Said for a caller of the API, not in the framework's words about handler parameters;
    // null leaves the wording to the service's problem-details customisation.
    private static string? DetailOf(BadHttpRequestException exception) => exception switch
    {
        { InnerException: JsonException json } => $"The request body is not valid JSON for this endpoint: {json.Message}",
        { StatusCode: StatusCodes.Status400BadRequest } => "The request body is missing or is not a JSON object.",
        _ => null,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Request rejected with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);
}
