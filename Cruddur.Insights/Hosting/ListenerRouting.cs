namespace Cruddur.Insights.Hosting;

/// <summary>Pins endpoints to one listener, so the UI is not served on the OTLP ports and vice versa.</summary>
internal static class ListenerRouting
{
    public static TBuilder OnListener<TBuilder>(this TBuilder builder, Listener listener)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ListenerMetadata(listener));

    public static IApplicationBuilder UseListenerRouting(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var wanted = context.GetEndpoint()?.Metadata.GetMetadata<ListenerMetadata>();
            if (wanted is not null)
            {
                var actual = context.RequestServices.GetRequiredService<InsightsListeners>().ListenerOf(context);
                if (actual is not null && actual != wanted.Listener)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
            }
            await next(context);
        });
}

internal sealed record ListenerMetadata(Listener Listener);
