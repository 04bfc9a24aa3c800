using Microsoft.AspNetCore.Builder;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// Endpoint metadata: name the server span <c>{METHOD} {path}</c> instead of <c>{METHOD} {route}</c>.
/// For a reverse proxy, whose one catch-all route says nothing about the request it forwards.
/// </summary>
public sealed class SpanNameFromPath
{
    public static readonly SpanNameFromPath Instance = new();

    private SpanNameFromPath()
    {
    }
}

/// <summary>Marks endpoints whose server spans are named by the request path.</summary>
public static class SpanNameFromPathExtensions
{
    public static TBuilder NameSpansByPath<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(SpanNameFromPath.Instance));
        return builder;
    }
}
