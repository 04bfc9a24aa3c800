using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Reports a server fault to Rollbar and leaves the answer to the next exception handler
/// (registered after the client-error handler, so a malformed request is never an item).
/// </summary>
internal sealed class RollbarExceptionReporter(RollbarNotifier notifier, RollbarItemBuilder items, IOptions<RollbarOptions> options)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        notifier.Enqueue(await items.ForExceptionAsync(exception, options.Value.Level, httpContext));
        return false;
    }
}
