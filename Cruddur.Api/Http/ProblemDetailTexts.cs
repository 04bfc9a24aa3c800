namespace Cruddur.Api.Http;

/// <summary>
/// Fills in the detail of problem responses that the framework writes without one (routing's
/// 404, 405 and 415, Kestrel's 413), so every error tells the caller what to change.
/// </summary>
internal static class ProblemDetailTexts
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => $"Nothing is served at {context.HttpContext.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {RequestBodyLimits.MaxBodyBytes} bytes.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON, sent with Content-Type: application/json.",
            _ => null,
        };
    }
}
