namespace Cruddur.Api.Model;

/// <summary>One direct message; <see cref="Handle"/> is its sender.</summary>
public sealed record DirectMessage
{
    public required Guid Uuid { get; init; }

    public required string DisplayName { get; init; }

    public required string Handle { get; init; }

    public required string Message { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
