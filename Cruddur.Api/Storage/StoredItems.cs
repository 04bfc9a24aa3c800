using Cruddur.Api.Model;

namespace Cruddur.Api.Storage;

/// <summary>Anything the store can evict: it remembers its order and whether it was seeded.</summary>
internal abstract class StoredItem(long sequence, bool seeded)
{
    public long Sequence { get; } = sequence;

    public bool Seeded { get; } = seeded;

    public bool Removed { get; set; }
}

/// <summary>A crud, or a reply when <see cref="ReplyTo"/> is set. Mutable, and only touched under the store's lock.</summary>
internal sealed class StoredActivity(Guid uuid, Author author, string message, DateTimeOffset createdAt,
    DateTimeOffset? expiresAt, StoredActivity? replyTo, long sequence, bool seeded) : StoredItem(sequence, seeded)
{
    public Guid Uuid { get; } = uuid;

    public Author Author { get; } = author;

    public string Message { get; } = message;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset? ExpiresAt { get; } = expiresAt;

    public StoredActivity? ReplyTo { get; } = replyTo;

    public int LikesCount { get; init; }

    public int RepostsCount { get; init; }

    public List<StoredActivity> Replies { get; } = [];

    public bool IsLive(DateTimeOffset now) => ExpiresAt is not { } expires || expires > now;

    public Activity ToModel() => new()
    {
        Uuid = Uuid,
        DisplayName = Author.DisplayName,
        Handle = Author.Handle,
        Message = Message,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
        LikesCount = LikesCount,
        RepliesCount = Replies.Count,
        RepostsCount = RepostsCount,
        Replies = [.. Replies.Select(reply => reply.ToModel())],
        ReplyToActivityUuid = ReplyTo?.Uuid,
    };
}

/// <summary>One direct message inside its conversation.</summary>
internal sealed class StoredMessage(Guid uuid, Author sender, string text, DateTimeOffset createdAt,
    Conversation conversation, long sequence, bool seeded) : StoredItem(sequence, seeded)
{
    public Guid Uuid { get; } = uuid;

    public Author Sender { get; } = sender;

    public string Text { get; } = text;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public Conversation Conversation { get; } = conversation;

    public DirectMessage ToModel() => new()
    {
        Uuid = Uuid,
        DisplayName = Sender.DisplayName,
        Handle = Sender.Handle,
        Message = Text,
        CreatedAt = CreatedAt,
    };
}

/// <summary>The messages between two users (possibly the same one: notes to self).</summary>
internal sealed class Conversation(Guid uuid, string key, string handle, string otherHandle,
    DateTimeOffset createdAt, long sequence, bool seeded)
{
    public Guid Uuid { get; } = uuid;

    public string Key { get; } = key;

    public long Sequence { get; } = sequence;

    public bool Seeded { get; } = seeded;

    public List<StoredMessage> Messages { get; } = [];

    public DateTimeOffset LastChange => Messages.Count == 0 ? createdAt : Messages[^1].CreatedAt;

    public bool Includes(string someone) =>
        string.Equals(handle, someone, StringComparison.OrdinalIgnoreCase)
        || string.Equals(otherHandle, someone, StringComparison.OrdinalIgnoreCase);

    public string Other(string someone) =>
        string.Equals(handle, someone, StringComparison.OrdinalIgnoreCase) ? otherHandle : handle;

    /// <summary>The same key whichever of the two asks, and whatever the case of the handles.</summary>
    public static string KeyOf(string handle, string otherHandle)
    {
        var first = handle.ToLowerInvariant();
        var second = otherHandle.ToLowerInvariant();
        return string.CompareOrdinal(first, second) <= 0 ? $"{first}\n{second}" : $"{second}\n{first}";
    }
}
