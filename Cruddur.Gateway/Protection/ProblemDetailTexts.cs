using Yarp.ReverseProxy;

namespace Cruddur.Gateway.Protection;

/// <summary>Fills in the detail of the problem responses the framework writes without one: a path no route takes.</summary>
internal static class ProblemDetailTexts
{
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not { Status: StatusCodes.Status404NotFound, Detail: null } problem)
        {
            return;
        }

        var routes = context.HttpContext.RequestServices.GetRequiredService<IProxyStateLookup>().GetRoutes()
            .Select(route => route.Config.Match.Path)
            .Where(path => path is not null)
            .Order(StringComparer.Ordinal);
        problem.Detail = $"Nothing is served at {context.HttpContext.Request.Path}; the gateway forwards {string.Join(", ", routes)}.";
    }
}
