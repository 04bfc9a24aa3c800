using Cruddur.Api.Model;

namespace Cruddur.Api.Storage;

/// <summary>
/// Where cruds, replies and messages live. The in-memory store implements it today; a database
/// can implement it later without the services or endpoints changing.
/// </summary>
public interface ICruddurStore
{
    /// <summary>Every live crud, newest first, each with its replies.</summary>
    Task<IReadOnlyList<Activity>> HomeFeedAsync(CancellationToken cancellationToken);

    /// <summary>The live cruds written by <paramref name="handle"/>, newest first.</summary>
    Task<IReadOnlyList<Activity>> UserFeedAsync(string handle, CancellationToken cancellationToken);

    /// <summary>The live cruds whose text contains <paramref name="term"/>, ignoring case, newest first.</summary>
    Task<IReadOnlyList<Activity>> SearchAsync(string term, CancellationToken cancellationToken);

    /// <summary>The live cruds of <paramref name="handle"/> that others have replied to, latest reply first.</summary>
    Task<IReadOnlyList<Activity>> NotificationsAsync(string handle, CancellationToken cancellationToken);

    /// <summary>One live crud with its replies, or null when it does not exist or has expired.</summary>
    Task<Activity?> FindActivityAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>Adds a crud created now and expiring <paramref name="lifetime"/> later.</summary>
    Task<Activity> AddActivityAsync(Author author, string message, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Adds a reply under a live crud; null when that crud does not exist or has expired.</summary>
    Task<Activity?> AddReplyAsync(Guid activityUuid, Author author, string message, CancellationToken cancellationToken);

    /// <summary>The conversations <paramref name="handle"/> takes part in, most recently active first.</summary>
    Task<IReadOnlyList<MessageGroup>> MessageGroupsAsync(string handle, CancellationToken cancellationToken);

    /// <summary>The messages between two users, oldest first (the order a chat reads).</summary>
    Task<IReadOnlyList<DirectMessage>> ConversationAsync(string handle, string otherHandle, CancellationToken cancellationToken);

    /// <summary>Adds a message to the conversation of the two users, starting it if needed.</summary>
    Task<DirectMessage> AddMessageAsync(Author sender, string receiverHandle, string message, CancellationToken cancellationToken);
}
