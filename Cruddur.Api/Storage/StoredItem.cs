namespace Cruddur.Api.Storage;

/// <summary>Anything the store can evict: it remembers its order and whether it was seeded.</summary>
internal abstract class StoredItem(long sequence, bool seeded)
{
    public long Sequence { get; } = sequence;

    public bool Seeded { get; } = seeded;

    public bool Removed { get; set; }
}
