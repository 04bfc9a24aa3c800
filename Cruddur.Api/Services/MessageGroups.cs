using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>The acting user's conversations, most recently active first.</summary>
internal sealed class MessageGroups(ICruddurStore store, ActingUser user)
{
    public Task<IReadOnlyList<MessageGroup>> RunAsync(CancellationToken cancellationToken) =>
        store.MessageGroupsAsync(user.Handle, cancellationToken);
}
