using Cruddur.Api.Http;
using Cruddur.Api.Model;
using Cruddur.Api.Services;
using Cruddur.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cruddur.Api.Apis;

/// <summary>The original back end's <c>/api/activities</c> routes: feeds, search, cruds and replies.</summary>
internal static class ActivitiesApi
{
    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/activities").WithTags("Activities").AnswerHead();

        api.MapGet("/home", GetHomeActivities)
            .WithName(nameof(GetHomeActivities))
            .WithSummary("Home feed")
            .WithDescription("Every live crud, newest first, each with its replies.");

        api.MapGet("/notifications", GetNotificationsActivities)
            .WithName(nameof(GetNotificationsActivities))
            .WithSummary("Notifications")
            .WithDescription("The acting user's live cruds that others have replied to, latest reply first.");

        api.MapGet("/search", SearchActivities)
            .WithName(nameof(SearchActivities))
            .WithSummary("Search cruds")
            .WithDescription("Live cruds whose text contains the term, ignoring case. A blank term is 422 [\"search_term_blank\"].");

        // "@{handle}" outranks "{activity_uuid}": a segment with a literal part is more specific.
        api.MapGet("/@{handle}", GetUserActivities)
            .WithName(nameof(GetUserActivities))
            .WithSummary("A user's feed")
            .WithDescription("The live cruds written by the user, newest first. A blank handle is 422 [\"user_handle_blank\"].");

        api.MapPost("", PostActivity)
            .WithName(nameof(PostActivity))
            .WithSummary("Post a crud")
            .WithDescription("Posts a crud as the acting user. ttl is one of " + string.Join(", ", Ttl.Names)
                + ". Bad input is 422 with one error code, the first that applies of: message_blank, "
                + "message_exceed_max_chars (over 280 characters), ttl_blank.")
            .ProducesBodyProblems();

        api.MapGet("/{activity_uuid}", GetActivity)
            .WithName(nameof(GetActivity))
            .WithSummary("One crud")
            .WithDescription("A live crud with its replies; 404 when it does not exist or has expired, 400 when the uuid is malformed.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{activity_uuid}/reply", PostReply)
            .WithName(nameof(PostReply))
            .WithSummary("Reply to a crud")
            .WithDescription("Replies as the acting user. Bad input is 422 with one error code, the first that applies of: "
                + "message_blank, message_exceed_max_chars (over 1024 characters), activity_uuid_blank.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesBodyProblems();

        return app;
    }

    public static async Task<Ok<IReadOnlyList<Activity>>> GetHomeActivities(
        HomeActivities service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.RunAsync(cancellationToken));

    public static async Task<Ok<IReadOnlyList<Activity>>> GetNotificationsActivities(
        NotificationsActivities service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.RunAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<Activity>>, UnprocessableEntity<IReadOnlyList<string>>>> SearchActivities(
        [FromQuery] string? term, SearchActivities service, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(term, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }

    public static async Task<Results<Ok<IReadOnlyList<Activity>>, UnprocessableEntity<IReadOnlyList<string>>>> GetUserActivities(
        string handle, UserActivities service, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(handle, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }

    // 200 with the crud, not 201: the original answered 200 and the front end checks for it.
    public static async Task<Results<Ok<Activity>, UnprocessableEntity<IReadOnlyList<string>>>> PostActivity(
        CreateActivityRequest request, CreateActivity service, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(request.Message, request.Ttl, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }

    public static async Task<Results<Ok<Activity>, UnprocessableEntity<IReadOnlyList<string>>, ProblemHttpResult>> GetActivity(
        [FromRoute(Name = "activity_uuid")] string activityUuid, ShowActivity service, CancellationToken cancellationToken)
    {
        if (!ActivityUuid.TryParse(activityUuid, out var uuid))
        {
            return ActivityUuid.Malformed();
        }

        var result = await service.RunAsync(uuid, cancellationToken);
        if (result.Missing)
        {
            return ActivityUuid.NotFound(activityUuid);
        }

        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }

    // 200 with the reply: the original's status, which the front end's reply form checks for.
    public static async Task<Results<Ok<Activity>, UnprocessableEntity<IReadOnlyList<string>>, ProblemHttpResult>> PostReply(
        [FromRoute(Name = "activity_uuid")] string activityUuid, CreateReplyRequest request, CreateReply service,
        CancellationToken cancellationToken)
    {
        if (!ActivityUuid.TryParse(activityUuid, out var uuid))
        {
            return ActivityUuid.Malformed();
        }

        var result = await service.RunAsync(uuid, request.Message, cancellationToken);
        if (result.Missing)
        {
            return ActivityUuid.NotFound(activityUuid);
        }

        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }
}
