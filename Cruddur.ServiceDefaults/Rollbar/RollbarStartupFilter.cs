using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>Buffers request bodies, so an item can show what was posted.</summary>
internal sealed class RollbarStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Request.EnableBuffering();
            return following(context);
        });
        next(app);
    };
}
