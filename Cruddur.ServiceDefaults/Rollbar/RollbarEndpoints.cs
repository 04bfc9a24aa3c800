using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>The original's <c>/rollbar/test</c>: proves the Rollbar wiring from a browser.</summary>
public static class RollbarEndpoints
{
    public const string TestPath = "/rollbar/test";
    public const string TestMessage = "Hello World!";

    public static IEndpointRouteBuilder MapRollbarTestEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TestPath, async (HttpContext context) =>
        {
            if (context.RequestServices.GetService<RollbarNotifier>() is { } notifier)
            {
                var builder = context.RequestServices.GetRequiredService<RollbarItemBuilder>();
                notifier.Enqueue(await builder.ForMessageAsync(TestMessage, "warning", context));
            }

            return TestMessage;
        })
        .WithName("RollbarTest")
        .WithSummary("Reports \"Hello World!\" to Rollbar at level warning.");
        return endpoints;
    }
}
