using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Every unhandled exception: reported to Rollbar when it is on, and answered with a problem-details
/// 500 that carries the trace id but never the stack trace.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IServiceProvider services, IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (services.GetService<RollbarNotifier>() is { } notifier)
        {
            var options = services.GetRequiredService<IOptions<RollbarOptions>>().Value;
            var builder = services.GetRequiredService<RollbarItemBuilder>();
            notifier.Enqueue(await builder.ForExceptionAsync(exception, options.Level, httpContext));
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            },
            Exception = exception,
        });
    }
}
