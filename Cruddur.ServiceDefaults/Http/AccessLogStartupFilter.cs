using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>Puts <see cref="AccessLogMiddleware"/> first, around everything the app adds, so it logs the status that was sent.</summary>
internal sealed class AccessLogStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AccessLogMiddleware>();
        next(app);
    };
}
