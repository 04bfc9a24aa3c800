using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Replies to a live crud as the acting user.</summary>
internal sealed class CreateReply(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<Activity>> RunAsync(Guid? activityUuid, string? message, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (MessageText.IsBlank(user.Handle))
        {
            errors.Add(ErrorCodes.UserHandleBlank);
        }

        if (activityUuid is null)
        {
            errors.Add(ErrorCodes.ActivityUuidBlank);
        }

        MessageText.Validate(message, MessageText.MaxReplyChars, errors);
        if (errors.Count > 0)
        {
            return ServiceResult<Activity>.Invalid(errors);
        }

        var reply = await store.AddReplyAsync(activityUuid!.Value, user.Author, message!, cancellationToken);
        return reply is null ? ServiceResult<Activity>.NotFound() : ServiceResult<Activity>.Success(reply);
    }
}
