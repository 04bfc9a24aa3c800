using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Sends a direct message from the acting user, starting the conversation if needed.</summary>
internal sealed class CreateMessage(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<DirectMessage>> RunAsync(string? message, string? receiverHandle, CancellationToken cancellationToken)
    {
        // The original's order of checks: sender, receiver, message.
        var errors = new List<string>();
        if (MessageText.IsBlank(user.Handle))
        {
            errors.Add(ErrorCodes.UserHandleBlank);
        }

        if (MessageText.IsBlank(receiverHandle))
        {
            errors.Add(ErrorCodes.UserReceiverHandleBlank);
        }

        MessageText.Validate(message, MessageText.MaxMessageChars, errors);
        if (errors.Count > 0)
        {
            return ServiceResult<DirectMessage>.Invalid(errors);
        }

        var sent = await store.AddMessageAsync(user.Author, receiverHandle!.Trim(), message!, cancellationToken);
        return ServiceResult<DirectMessage>.Success(sent);
    }
}
