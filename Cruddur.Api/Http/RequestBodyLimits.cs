namespace Cruddur.Api.Http;

/// <summary>What a request body may be, and the problem responses that say when it is not.</summary>
internal static class RequestBodyLimits
{
    /// <summary>1 MB: a crud is 280 characters, a message 1024; nothing legitimate comes near it.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Declares the problem responses any JSON-body endpoint can give, so OpenAPI lists them.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
