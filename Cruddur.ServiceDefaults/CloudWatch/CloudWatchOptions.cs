namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>Settings of the CloudWatch Logs sink, bound from the configuration section <c>CloudWatch</c>.</summary>
public sealed class CloudWatchOptions
{
    public const string SectionName = "CloudWatch";

    /// <summary>Forces the sink on (true) or off (false); unset: on when credentials and region resolve.</summary>
    public bool? Enabled { get; set; }

    public string LogGroup { get; set; } = "cruddur";

    /// <summary>The first part of the stream name; the service name when unset.</summary>
    public string? LogStreamNamePrefix { get; set; }

    public string? Region { get; set; }

    /// <summary>Another endpoint than <c>https://logs.{region}.amazonaws.com</c> (tests, LocalStack).</summary>
    public string? ServiceUrl { get; set; }

    public TimeSpan BatchPushInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Queued bytes that trigger a send before the interval has passed.</summary>
    public int BatchPushSizeInBytes { get; set; } = 100 * 1024;

    public int MaxQueuedMessages { get; set; } = 10_000;

    public bool DisableLogGroupCreation { get; set; }

    public int? NewLogGroupRetentionInDays { get; set; }

    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between retries of a failed send.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
