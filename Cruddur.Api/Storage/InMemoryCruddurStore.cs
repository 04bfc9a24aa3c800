using Cruddur.Api.Model;
using Microsoft.Extensions.Options;

namespace Cruddur.Api.Storage;

/// <summary>
/// The store in process memory: one lock around plain collections (reads are short copies),
/// seeded with the original back end's mock data, and bounded: past the capacity the oldest
/// user-created item is evicted. Seeded items are never evicted.
/// </summary>
internal sealed class InMemoryCruddurStore : ICruddurStore
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly List<StoredActivity> _cruds = [];
    private readonly Dictionary<Guid, StoredActivity> _crudsById = [];
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _people = new(StringComparer.OrdinalIgnoreCase);
    // User-created items in creation order; entries already removed with their crud are skipped.
    private readonly Queue<StoredItem> _userItems = new();
    private int _userItemCount;
    private long _sequence;

    public InMemoryCruddurStore(TimeProvider time, IOptions<CruddurStoreOptions> options)
    {
        _time = time;
        _capacity = options.Value.Capacity;
        SeedData.Apply(this, time.GetUtcNow());
    }

    /// <summary>How many user-created items are held now (seeded ones not counted).</summary>
    internal int UserItemCount
    {
        get
        {
            lock (_lock)
            {
                return _userItemCount;
            }
        }
    }

    public Task<IReadOnlyList<Activity>> HomeFeedAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Feed(_ => true));

    public Task<IReadOnlyList<Activity>> UserFeedAsync(string handle, CancellationToken cancellationToken) =>
        Task.FromResult(Feed(crud => string.Equals(crud.Author.Handle, handle, StringComparison.OrdinalIgnoreCase)));

    public Task<IReadOnlyList<Activity>> SearchAsync(string term, CancellationToken cancellationToken) =>
        Task.FromResult(Feed(crud => crud.Message.Contains(term, StringComparison.OrdinalIgnoreCase)));

    public Task<IReadOnlyList<Activity>> NotificationsAsync(string handle, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            IReadOnlyList<Activity> result = [.. _cruds
                .Where(crud => crud.IsLive(now)
                    && string.Equals(crud.Author.Handle, handle, StringComparison.OrdinalIgnoreCase)
                    && crud.Replies.Any(reply => !string.Equals(reply.Author.Handle, handle, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(crud => crud.Replies.Max(reply => reply.Sequence))
                .Select(crud => crud.ToModel())];
            return Task.FromResult(result);
        }
    }

    public Task<Activity?> FindActivityAsync(Guid uuid, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var found = _crudsById.TryGetValue(uuid, out var crud) && crud.IsLive(now) ? crud.ToModel() : null;
            return Task.FromResult(found);
        }
    }

    public Task<Activity> AddActivityAsync(Author author, string message, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var crud = AddCrud(Guid.NewGuid(), author, message, now, now + lifetime, seeded: false);
            return Task.FromResult(crud.ToModel());
        }
    }

    public Task<Activity?> AddReplyAsync(Guid activityUuid, Author author, string message, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_crudsById.TryGetValue(activityUuid, out var crud) || !crud.IsLive(now))
            {
                return Task.FromResult<Activity?>(null);
            }

            var reply = AddReply(crud, Guid.NewGuid(), author, message, now, seeded: false);
            return Task.FromResult<Activity?>(reply.ToModel());
        }
    }

    public Task<IReadOnlyList<MessageGroup>> MessageGroupsAsync(string handle, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<MessageGroup> groups = [.. _conversations.Values
                .Where(conversation => conversation.Includes(handle))
                .OrderByDescending(conversation => conversation.LastChange)
                .ThenByDescending(conversation => conversation.Sequence)
                .Select(conversation =>
                {
                    var other = conversation.Other(handle);
                    return new MessageGroup
                    {
                        Uuid = conversation.Uuid,
                        Handle = other,
                        DisplayName = DisplayNameOf(other),
                        Message = conversation.Messages.Count == 0 ? null : conversation.Messages[^1].Text,
                        CreatedAt = conversation.LastChange,
                    };
                })];
            return Task.FromResult(groups);
        }
    }

    public Task<IReadOnlyList<DirectMessage>> ConversationAsync(string handle, string otherHandle, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<DirectMessage> messages = _conversations.TryGetValue(Conversation.KeyOf(handle, otherHandle), out var conversation)
                ? [.. conversation.Messages.Select(message => message.ToModel())]
                : [];
            return Task.FromResult(messages);
        }
    }

    public Task<DirectMessage> AddMessageAsync(Author sender, string receiverHandle, string message, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var stored = AddMessage(Guid.NewGuid(), Guid.NewGuid(), sender, receiverHandle, message, now, seeded: false);
            return Task.FromResult(stored.ToModel());
        }
    }

    internal StoredActivity AddCrud(Guid uuid, Author author, string message, DateTimeOffset createdAt,
        DateTimeOffset expiresAt, bool seeded, int likes = 0, int reposts = 0)
    {
        lock (_lock)
        {
            var crud = new StoredActivity(uuid, author, message, createdAt, expiresAt, null, ++_sequence, seeded)
            {
                LikesCount = likes,
                RepostsCount = reposts,
            };
            _cruds.Add(crud);
            _crudsById[uuid] = crud;
            Remember(author);
            Track(crud);
            return crud;
        }
    }

    internal StoredActivity AddReply(StoredActivity crud, Guid uuid, Author author, string message,
        DateTimeOffset createdAt, bool seeded)
    {
        lock (_lock)
        {
            var reply = new StoredActivity(uuid, author, message, createdAt, null, crud, ++_sequence, seeded);
            crud.Replies.Add(reply);
            Remember(author);
            Track(reply);
            return reply;
        }
    }

    internal void StartConversation(Guid uuid, string handle, string otherHandle, DateTimeOffset createdAt)
    {
        lock (_lock)
        {
            var key = Conversation.KeyOf(handle, otherHandle);
            _conversations[key] = new Conversation(uuid, key, handle, otherHandle, createdAt, ++_sequence, seeded: true);
        }
    }

    internal StoredMessage AddMessage(Guid conversationUuid, Guid uuid, Author sender, string receiverHandle,
        string text, DateTimeOffset createdAt, bool seeded)
    {
        lock (_lock)
        {
            var key = Conversation.KeyOf(sender.Handle, receiverHandle);
            if (!_conversations.TryGetValue(key, out var conversation))
            {
                conversation = new Conversation(conversationUuid, key, sender.Handle, receiverHandle, createdAt, ++_sequence, seeded);
                _conversations[key] = conversation;
            }

            var message = new StoredMessage(uuid, sender, text, createdAt, conversation, ++_sequence, seeded);
            conversation.Messages.Add(message);
            Remember(sender);
            Track(message);
            return message;
        }
    }

    internal void Remember(Author author) => _people.TryAdd(author.Handle, author.DisplayName);

    private string DisplayNameOf(string handle) => _people.TryGetValue(handle, out var name) ? name : handle;

    private IReadOnlyList<Activity> Feed(Func<StoredActivity, bool> predicate)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _cruds
                .Where(crud => crud.IsLive(now) && predicate(crud))
                .OrderByDescending(crud => crud.CreatedAt)
                .ThenByDescending(crud => crud.Sequence)
                .Select(crud => crud.ToModel())];
        }
    }

    private void Track(StoredItem item)
    {
        if (item.Seeded)
        {
            return;
        }

        _userItems.Enqueue(item);
        _userItemCount++;
        while (_userItemCount > _capacity && _userItems.TryDequeue(out var oldest))
        {
            if (!oldest.Removed)
            {
                Evict(oldest);
            }
        }
    }

    private void Evict(StoredItem item)
    {
        switch (item)
        {
            case StoredActivity { ReplyTo: null } crud:
                _cruds.Remove(crud);
                _crudsById.Remove(crud.Uuid);
                MarkRemoved(crud);
                // Its replies go with it; they leave the queue lazily.
                foreach (var reply in crud.Replies)
                {
                    MarkRemoved(reply);
                }

                break;
            case StoredActivity { ReplyTo: { } parent } reply:
                parent.Replies.Remove(reply);
                MarkRemoved(reply);
                break;
            case StoredMessage message:
                message.Conversation.Messages.Remove(message);
                MarkRemoved(message);
                if (!message.Conversation.Seeded && message.Conversation.Messages.Count == 0)
                {
                    _conversations.Remove(message.Conversation.Key);
                }

                break;
        }
    }

    private void MarkRemoved(StoredItem item)
    {
        if (!item.Removed && !item.Seeded)
        {
            _userItemCount--;
        }

        item.Removed = true;
    }
}
