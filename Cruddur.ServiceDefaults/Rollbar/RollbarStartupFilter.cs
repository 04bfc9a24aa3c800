using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Puts the exception handler in front of the application's own middleware; with Rollbar on, request
/// bodies are buffered so an item can show what was posted.
/// </summary>
internal sealed class RollbarStartupFilter(bool bufferBodies) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseExceptionHandler();
        if (bufferBodies)
        {
            app.Use((context, following) =>
            {
                context.Request.EnableBuffering();
                return following(context);
            });
        }

        next(app);
    };
}
