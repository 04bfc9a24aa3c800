using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>The acting user's conversation with one other user, oldest message first.</summary>
internal sealed class Messages(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<IReadOnlyList<DirectMessage>>> RunAsync(string? otherHandle, CancellationToken cancellationToken)
    {
        if (MessageText.IsBlank(otherHandle))
        {
            return ServiceResult<IReadOnlyList<DirectMessage>>.Invalid(ErrorCodes.UserReceiverHandleBlank);
        }

        var messages = await store.ConversationAsync(user.Handle, otherHandle!.Trim(), cancellationToken);
        return ServiceResult<IReadOnlyList<DirectMessage>>.Success(messages);
    }
}
