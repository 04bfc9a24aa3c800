using Cruddur.Api.Model;

namespace Cruddur.Api.Storage;

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
