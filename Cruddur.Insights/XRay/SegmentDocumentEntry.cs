namespace Cruddur.Insights.XRay;

/// <summary>One document as the daemon received it, with what X-Ray would reject in it.</summary>
internal sealed record SegmentDocumentEntry(
    DateTimeOffset ReceivedAt,
    string? Name,
    string? Id,
    string? Type,
    int SizeBytes,
    bool Truncated,
    string Document,
    IReadOnlyList<SegmentIssue> Issues);
