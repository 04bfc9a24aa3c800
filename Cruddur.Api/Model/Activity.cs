namespace Cruddur.Api.Model;

/// <summary>
/// A crud or a reply, as the front end reads it. Replies carry <see cref="ReplyToActivityUuid"/>
/// and no expiry of their own: they live as long as the crud they answer.
/// </summary>
public sealed record Activity
{
    public required Guid Uuid { get; init; }

    public required string DisplayName { get; init; }

    public required string Handle { get; init; }

    public required string Message { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public int LikesCount { get; init; }

    public int RepliesCount { get; init; }

    public int RepostsCount { get; init; }

    public IReadOnlyList<Activity> Replies { get; init; } = [];

    public Guid? ReplyToActivityUuid { get; init; }
}
