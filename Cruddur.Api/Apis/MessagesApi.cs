using Cruddur.Api.Http;
using Cruddur.Api.Model;
using Cruddur.Api.Services;
using Cruddur.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Api.Apis;

/// <summary>The original back end's direct-message routes.</summary>
internal static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Messages").AnswerHead();

        api.MapGet("/message_groups", GetMessageGroups)
            .WithName(nameof(GetMessageGroups))
            .WithSummary("Conversations")
            .WithDescription("The acting user's conversations with the other party, latest message and time, most recent first.");

        api.MapGet("/messages/@{handle}", GetMessages)
            .WithName(nameof(GetMessages))
            .WithSummary("One conversation")
            .WithDescription("The messages between the acting user and the handle, oldest first. "
                + "A blank handle is 422 [\"user_reciever_handle_blank\"].");

        api.MapPost("/messages", PostMessage)
            .WithName(nameof(PostMessage))
            .WithSummary("Send a message")
            .WithDescription("Sends a direct message as the acting user. Bad input is 422 with one error code, the first that "
                + "applies of: message_blank, message_exceed_max_chars (over 1024 characters), "
                + "user_reciever_handle_blank (the original's spelling).")
            .ProducesBodyProblems();

        return app;
    }

    public static async Task<Ok<IReadOnlyList<MessageGroup>>> GetMessageGroups(
        MessageGroups service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.RunAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<DirectMessage>>, UnprocessableEntity<IReadOnlyList<string>>>> GetMessages(
        string handle, Messages service, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(handle, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }

    // 200 with the message: the original's status, which the front end's message form checks for.
    public static async Task<Results<Ok<DirectMessage>, UnprocessableEntity<IReadOnlyList<string>>>> PostMessage(
        CreateMessageRequest request, CreateMessage service, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(request.Message, request.UserReceiverHandle, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Data) : TypedResults.UnprocessableEntity(result.Errors);
    }
}
