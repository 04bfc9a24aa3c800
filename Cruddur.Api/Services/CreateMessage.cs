using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Sends a direct message from the acting user, starting the conversation if needed.</summary>
internal sealed class CreateMessage(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<DirectMessage>> RunAsync(string? message, string? receiverHandle, CancellationToken cancellationToken)
    {
        // The original's checks in its order, sender, receiver, message, each failing one replacing the
        // code before it: one code, the last failing check's (message over receiver over sender).
        string? error = null;
        if (MessageText.IsBlank(user.Handle))
        {
            error = ErrorCodes.UserHandleBlank;
        }

        if (MessageText.IsBlank(receiverHandle))
        {
            error = ErrorCodes.UserReceiverHandleBlank;
        }

        error = MessageText.Check(message, MessageText.MaxMessageChars) ?? error;
        if (error is not null)
        {
            return ServiceResult<DirectMessage>.Invalid(error);
        }

        var sent = await store.AddMessageAsync(user.Author, receiverHandle!.Trim(), message!, cancellationToken);
        return ServiceResult<DirectMessage>.Success(sent);
    }
}
