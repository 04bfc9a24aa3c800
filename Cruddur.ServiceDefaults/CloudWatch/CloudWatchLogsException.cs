namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>An error answer of CloudWatch Logs: the <c>__type</c> after '#', and the HTTP status.</summary>
internal sealed class CloudWatchLogsException(string errorType, int statusCode, string message)
    : Exception($"{errorType} ({statusCode}): {message}")
{
    public string ErrorType { get; } = errorType;

    public int StatusCode { get; } = statusCode;

    /// <summary>Worth a retry with backoff: throttling and server-side failures.</summary>
    public bool IsTransient => StatusCode >= 500 || StatusCode == 429
        || ErrorType is "ThrottlingException" or "ServiceUnavailableException" or "LimitExceededException";
}
