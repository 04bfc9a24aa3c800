using System.Text;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// One input log event of PutLogEvents: a timestamp in Unix milliseconds and the message, kept as the
/// UTF-8 bytes that are sent (the logger writes them once; nothing converts them again on the way out).
/// </summary>
internal sealed class CloudWatchLogEvent
{
    private string? _message;

    public CloudWatchLogEvent(long timestamp, string message)
        : this(timestamp, Encoding.UTF8.GetBytes(message))
    {
        _message = message;
    }

    public CloudWatchLogEvent(long timestamp, byte[] utf8Message)
    {
        Timestamp = timestamp;
        Utf8Message = utf8Message;
    }

    public long Timestamp { get; }

    public byte[] Utf8Message { get; }

    public string Message => _message ??= Encoding.UTF8.GetString(Utf8Message);

    /// <summary>What the event counts against the 1,048,576-byte batch limit.</summary>
    public int Size => Utf8Message.Length + CloudWatchLogBatch.EventOverheadBytes;
}
