using Cruddur.Insights.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Insights.Feed;

/// <summary>The feed's registration and <c>GET /api/feed</c>: whether Insights follows the dashboard, and its counts.</summary>
internal static class FeedApi
{
    public static WebApplicationBuilder AddDashboardFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(FeedOptions.Load(builder.Configuration));
        builder.Services.AddSingleton<FeedState>();
        builder.Services.AddHostedService<DashboardSpanFeed>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("Feed").MapGet("/feed", GetFeed)
            .WithName("GetFeed")
            .WithSummary("Whether Insights follows the Aspire dashboard's span stream, since when, and what it read.");
        return app;
    }

    public static Ok<FeedStatus> GetFeed(FeedState state) => TypedResults.Ok(state.Status());
}
