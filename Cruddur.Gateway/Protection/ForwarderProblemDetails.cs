using Yarp.ReverseProxy.Forwarder;

namespace Cruddur.Gateway.Protection;

/// <summary>
/// YARP answers a failed forward with a bare status code; this gives it a problem-details body
/// that says what went wrong (api down, too slow, body too large), never the exception.
/// </summary>
internal sealed class ForwarderProblemDetails(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted)
        {
            return;
        }

        if (IsBodyTooLarge(failure.Exception))
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                "The request body is larger than the gateway accepts.");
            return;
        }

        var status = context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
        var title = status switch
        {
            StatusCodes.Status503ServiceUnavailable => "The api is unavailable",
            StatusCodes.Status504GatewayTimeout => "The api did not answer in time",
            StatusCodes.Status502BadGateway => "The api could not be reached",
            _ => "The request could not be forwarded",
        };
        await ProblemResponse.WriteAsync(context, status, title, $"Forwarding failed: {failure.Error}.");
    }

    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }
}
