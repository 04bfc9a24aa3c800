using System.ComponentModel.DataAnnotations;

namespace Cruddur.Api.Storage;

/// <summary>Limits of the in-memory store (section <c>Cruddur:Store</c>).</summary>
public sealed class CruddurStoreOptions
{
    public const string SectionName = "Cruddur:Store";

    /// <summary>How many user-created items (cruds, replies, messages) are kept; the oldest go first.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 10_000;
}
