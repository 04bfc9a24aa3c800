namespace Cruddur.Insights.XRay;

/// <summary>One reason X-Ray would reject a segment document: a stable code and a sentence for people.</summary>
internal sealed record SegmentIssue(string Code, string Message);
