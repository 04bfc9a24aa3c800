using Cruddur.Insights.XRay;

namespace Cruddur.Tests.Insights.XRay;

public sealed class SegmentDocumentCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string TraceId = $"1-{Now.AddMinutes(-1).ToUnixTimeSeconds():x8}-0123456789abcdef01234567";
    private static readonly string OldTraceId = $"1-{Now.AddDays(-31).ToUnixTimeSeconds():x8}-0123456789abcdef01234567";

    private static string Valid => $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1780315140.5,"end_time":1780315140.75}""";

    public static TheoryData<string, string?> Documents => new()
    {
        { Valid, null },
        { $$"""{"name":"cruddur-api","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"in_progress":true}""", null },
        { $$"""{"name":"GET /api/activities/@{handle}","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"end_time":2}""", "name_invalid" },
        { $$"""{"name":"{{new string('a', 201)}}","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"end_time":2}""", "name_invalid" },
        { $$"""{"id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"end_time":2}""", "name_missing" },
        { $$"""{"name":"a","trace_id":"{{TraceId}}","start_time":1,"end_time":2}""", "id_missing" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad","trace_id":"{{TraceId}}","start_time":1,"end_time":2}""", "id_invalid" },
        { $$"""{"name":"a","id":"53995c3f42cd8adz","trace_id":"{{TraceId}}","start_time":1,"end_time":2}""", "id_invalid" },
        { """{"name":"a","id":"53995c3f42cd8ad8","start_time":1,"end_time":2}""", "trace_id_missing" },
        { """{"name":"a","id":"53995c3f42cd8ad8","trace_id":"5759e988bd862e3fe1be46a994272793","start_time":1,"end_time":2}""", "trace_id_invalid" },
        { """{"name":"a","id":"53995c3f42cd8ad8","trace_id":"2-5759e988-bd862e3fe1be46a994272793","start_time":1,"end_time":2}""", "trace_id_invalid" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{OldTraceId}}","start_time":1,"end_time":2}""", "trace_id_too_old" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","end_time":2}""", "start_time_missing" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":"1","end_time":2}""", "start_time_missing" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1}""", "end_time_missing" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"in_progress":false}""", "end_time_missing" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"end_time":2,"in_progress":true}""", "in_progress_with_end_time" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":2,"end_time":1}""", "end_before_start" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"end_time":2,"type":"subsegment"}""", "parent_id_missing" },
        { $$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{TraceId}}","start_time":1,"end_time":2,"parent_id":"xyz"}""", "parent_id_invalid" },
        { $$$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{{TraceId}}}","start_time":1,"end_time":2,"annotations":{"user.id":"x"}}""", "annotation_key_invalid" },
        { $$$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{{TraceId}}}","start_time":1,"end_time":2,"annotations":{"tags":["x"]}}""", "annotation_value_invalid" },
        { $$$$"""{"name":"a","id":"53995c3f42cd8ad8","trace_id":"{{{{TraceId}}}}","start_time":1,"end_time":2,"metadata":{"AWS.secret":{}}}""", "metadata_reserved_key" },
        { "{\"name\":", "not_json" },
        { "[1,2]", "not_json" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Check_Document_FlagsExactlyWhatXRayWouldReject(string document, string? expectedCode)
    {
        var issues = SegmentDocumentCheck.Check(document, Now);

        if (expectedCode is null)
        {
            Assert.Empty(issues);
        }
        else
        {
            Assert.Equal([expectedCode], issues.Select(i => i.Code));
        }
    }

    [Fact]
    public void Check_DocumentOver64KB_FlaggedTooLarge()
    {
        var justFits = Valid[..^1] + $$$$""","metadata":{"default":{"pad":"{{{{new string('x', 65_536 - Valid.Length - 34)}}}}"}}}""";
        var tooBig = justFits.Replace("\"pad\":\"", "\"pad\":\"x", StringComparison.Ordinal);

        Assert.Equal(65_536, System.Text.Encoding.UTF8.GetByteCount(justFits));
        Assert.Empty(SegmentDocumentCheck.Check(justFits, Now));
        Assert.Equal(["document_too_large"], SegmentDocumentCheck.Check(tooBig, Now).Select(i => i.Code));
    }
}
