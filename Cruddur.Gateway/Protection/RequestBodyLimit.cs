using Microsoft.Extensions.Options;

namespace Cruddur.Gateway.Protection;

/// <summary>
/// Answers 413 before forwarding when the declared body is too large; bodies without a length
/// are cut by Kestrel's limit while streaming, and <see cref="ForwarderProblemDetails"/> answers those.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The request body is {context.Request.ContentLength} bytes; the limit is {limit} bytes.");
            return;
        }

        await next(context);
    }
}
