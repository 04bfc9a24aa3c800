using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// What Cruddur adds to the ASP.NET Core instrumentation's server span when the response is
/// done: the span name by path where an endpoint asks for it, the caller's address, scheme and
/// host as forwarded headers left them (the instrumentation reads them before those run), and
/// <c>error.type</c> for a 5xx that no exception explains.
/// </summary>
internal static class ServerSpanEnrichment
{
    public static void OnResponse(Activity span, HttpResponse response)
    {
        var context = response.HttpContext;
        var request = context.Request;
        // The exception handler clears the endpoint before it runs; its feature keeps the original.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint?.Metadata.GetMetadata<SpanNameFromPath>() is not null)
        {
            span.DisplayName = $"{request.Method} {request.Path.Value}";
        }

        if (context.Connection.RemoteIpAddress is { } client)
        {
            span.SetTag("client.address", client.ToString());
        }

        span.SetTag("url.scheme", request.Scheme);
        if (request.Host.HasValue)
        {
            span.SetTag("server.address", request.Host.Host);
            span.SetTag("server.port", request.Host.Port ?? (request.IsHttps ? 443 : 80));
        }

        if (response.StatusCode >= StatusCodes.Status500InternalServerError && span.GetTagItem("error.type") is null)
        {
            span.SetTag("error.type", response.StatusCode.ToString(CultureInfo.InvariantCulture));
        }
    }
}
