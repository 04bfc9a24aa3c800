using Cruddur.Api.Model;

namespace Cruddur.Api.Storage;

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
