namespace Cruddur.Api.Storage;

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
