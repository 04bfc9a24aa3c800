using Cruddur.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// The original's <c>/rollbar/test</c>: proves the Rollbar wiring from a browser. With
/// <see cref="RollbarOptions.EnableExceptionTest"/>, also <c>/rollbar/test/exception</c>, which throws.
/// </summary>
public static class RollbarEndpoints
{
    public const string TestPath = "/rollbar/test";
    public const string TestMessage = "Hello World!";
    public const string ExceptionTestPath = "/rollbar/test/exception";
    public const string ExceptionTestMessage = "Rollbar test: a deliberate unhandled exception.";

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
        .AnswerHead()
        .WithName("RollbarTest")
        .WithSummary("Reports \"Hello World!\" to Rollbar at level warning.");

        if (endpoints.ServiceProvider.GetRequiredService<IOptions<RollbarOptions>>().Value.EnableExceptionTest)
        {
            endpoints.MapGet(ExceptionTestPath, string () => throw new RollbarTestException(ExceptionTestMessage))
                .AnswerHead()
                .WithName("RollbarExceptionTest")
                .WithSummary("Throws, so the unhandled-exception path can be followed to Rollbar and the trace.");
        }
        return endpoints;
    }
}

/// <summary>What <c>/rollbar/test/exception</c> throws: a type of its own, so nobody mistakes it for a real fault.</summary>
public sealed class RollbarTestException(string message) : Exception(message);
