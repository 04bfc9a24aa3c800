namespace Cruddur.Api.Model;

/// <summary>
/// A conversation seen from one user: the other party, the latest message (if any) and when
/// the conversation last changed.
/// </summary>
public sealed record MessageGroup
{
    public required Guid Uuid { get; init; }

    public required string DisplayName { get; init; }

    public required string Handle { get; init; }

    public string? Message { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
