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

        // In the caller's words: what the gateway expected of the api, not YARP's name for the failure.
        var status = context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
        var (title, detail) = status switch
        {
            StatusCodes.Status503ServiceUnavailable => ("The api is unavailable",
                "The gateway's health checks find no healthy api to forward to; retry shortly."),
            StatusCodes.Status504GatewayTimeout => ("The api did not answer in time",
                "The api did not connect or answer within the gateway's time limit; retry shortly."),
            StatusCodes.Status502BadGateway => ("The api could not be reached",
                "The api refused or dropped the connection; retry shortly."),
            _ => ("The request could not be forwarded", "The gateway could not forward the request to the api."),
        };
        await ProblemResponse.WriteAsync(context, status, title, detail);
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
