using System.Text;
using System.Text.Json;
using Cruddur.ServiceDefaults.CloudWatch;

namespace Cruddur.Tests.ServiceDefaults.CloudWatch;

/// <summary>The PutLogEvents body is written by hand from UTF-8 bytes: every message must come back exactly.</summary>
public sealed class PutLogEventsBodyTests
{
    public static TheoryData<string> Messages() =>
    [
        "",
        "plain",
        """{"time":"2026-11-21T22:40:01.1234567Z","message":"GET /api/activities/home 200"}""",
        "quote \" backslash \\ slash /",
        "line\nbreak\r\ttab",
        "control \u0000 \u0001 \u001f end",
        "é ü 漢字 🦆 \u2028 \u2029",
        "<script>&'+</script>",
        "\\\"",
        new string('"', 1000),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Body_ParsedBack_HoldsTheGroupStreamAndEveryMessageExactly(string message)
    {
        var events = new[]
        {
            new CloudWatchLogEvent(1_795_290_000_000, message),
            new CloudWatchLogEvent(1_795_290_000_001, "after " + message),
        };

        var body = CloudWatchLogsClient.PutLogEventsBody("cruddur", "cruddur-api - 2026/11/21T22.40.01 - abc", events);

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("cruddur", root.GetProperty("logGroupName").GetString());
        Assert.Equal("cruddur-api - 2026/11/21T22.40.01 - abc", root.GetProperty("logStreamName").GetString());
        var sent = root.GetProperty("logEvents").EnumerateArray().ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(1_795_290_000_000, sent[0].GetProperty("timestamp").GetInt64());
        Assert.Equal(message, sent[0].GetProperty("message").GetString());
        Assert.Equal("after " + message, sent[1].GetProperty("message").GetString());
    }

    [Fact]
    public void Body_OfEventsFromBytes_IsTheSameAsFromStrings()
    {
        const string message = "{\"message\":\"a \\\"quoted\\\" word\"}";
        var fromString = CloudWatchLogsClient.PutLogEventsBody("g", "s", [new CloudWatchLogEvent(1, message)]);
        var fromBytes = CloudWatchLogsClient.PutLogEventsBody("g", "s", [new CloudWatchLogEvent(1, Encoding.UTF8.GetBytes(message))]);
        Assert.Equal(fromString.ToArray(), fromBytes.ToArray());
    }

    [Fact]
    public void Formatter_AValueWhoseToStringLogs_BothEventsComeOutWhole()
    {
        var formatter = new CloudWatchEventFormatter("cruddur-api");
        var chatty = new Chatty(formatter);
        KeyValuePair<string, object?>[] state = [new("Order", chatty), new("After", "still here")];

        var outer = formatter.Format(DateTimeOffset.UtcNow, Microsoft.Extensions.Logging.LogLevel.Information, "Outer", default,
            "outer message", null, state, null, null);

        using var document = JsonDocument.Parse(outer);
        Assert.Equal("outer message", document.RootElement.GetProperty("message").GetString());
        Assert.Equal("order 7", document.RootElement.GetProperty("state").GetProperty("Order").GetString());
        Assert.Equal("still here", document.RootElement.GetProperty("state").GetProperty("After").GetString());
        using var inner = JsonDocument.Parse(chatty.Logged!);
        Assert.Equal("formatting an order", inner.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Size_IsUtf8BytesPlusTheEventOverhead()
    {
        Assert.Equal(Encoding.UTF8.GetByteCount("é🦆") + 26, new CloudWatchLogEvent(1, "é🦆").Size);
    }

    /// <summary>A value that logs while it is being formatted, as some ToString overrides do.</summary>
    private sealed class Chatty(CloudWatchEventFormatter formatter)
    {
        public string? Logged { get; private set; }

        public override string ToString()
        {
            Logged = formatter.Format(DateTimeOffset.UtcNow, Microsoft.Extensions.Logging.LogLevel.Debug, "Inner", default,
                "formatting an order", null, null, null, null);
            return "order 7";
        }
    }
}
