using System.Text;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>One input log event of PutLogEvents: a timestamp in Unix milliseconds and the message.</summary>
internal sealed record CloudWatchLogEvent(long Timestamp, string Message)
{
    /// <summary>What the event counts against the 1,048,576-byte batch limit.</summary>
    public int Size { get; } = Encoding.UTF8.GetByteCount(Message) + CloudWatchLogBatch.EventOverheadBytes;
}
