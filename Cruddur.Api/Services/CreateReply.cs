using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Replies to a live crud as the acting user.</summary>
internal sealed class CreateReply(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<Activity>> RunAsync(Guid? activityUuid, string? message, CancellationToken cancellationToken)
    {
        // The original's checks in its order, user, activity, message, each failing one replacing the
        // code before it: one code, the last failing check's (message over activity over user).
        string? error = null;
        if (MessageText.IsBlank(user.Handle))
        {
            error = ErrorCodes.UserHandleBlank;
        }

        if (activityUuid is null)
        {
            error = ErrorCodes.ActivityUuidBlank;
        }

        error = MessageText.Check(message, MessageText.MaxReplyChars) ?? error;
        if (error is not null)
        {
            return ServiceResult<Activity>.Invalid(error);
        }

        var reply = await store.AddReplyAsync(activityUuid!.Value, user.Author, message!, cancellationToken);
        return reply is null ? ServiceResult<Activity>.NotFound() : ServiceResult<Activity>.Success(reply);
    }
}
