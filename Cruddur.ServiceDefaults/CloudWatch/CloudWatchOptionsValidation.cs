using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>Fails start-up with a message naming the wrong <c>CloudWatch:*</c> setting.</summary>
internal sealed partial class CloudWatchOptionsValidation : IValidateOptions<CloudWatchOptions>
{
    // The retention periods PutRetentionPolicy accepts.
    private static readonly int[] RetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public ValidateOptionsResult Validate(string? name, CloudWatchOptions options)
    {
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IEnumerable<string> Check(CloudWatchOptions options)
    {
        const string prefix = CloudWatchOptions.SectionName + ":";
        if (string.IsNullOrEmpty(options.LogGroup) || options.LogGroup.Length > 512 || !LogGroupName().IsMatch(options.LogGroup))
        {
            yield return $"{prefix}LogGroup '{options.LogGroup}' must be 1-512 characters of letters, digits and . - _ / #.";
        }

        if (options.LogStreamNamePrefix is { } streamPrefix && (streamPrefix.Contains(':') || streamPrefix.Contains('*')))
        {
            yield return $"{prefix}LogStreamNamePrefix '{streamPrefix}' may not contain ':' or '*'.";
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl) && !Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out _))
        {
            yield return $"{prefix}ServiceUrl '{options.ServiceUrl}' is not an absolute URL.";
        }

        if (options.BatchPushInterval <= TimeSpan.Zero)
        {
            yield return $"{prefix}BatchPushInterval must be positive.";
        }

        if (options.BatchPushSizeInBytes is <= 0 or > CloudWatchLogBatch.MaxBatchBytes)
        {
            yield return $"{prefix}BatchPushSizeInBytes must be between 1 and {CloudWatchLogBatch.MaxBatchBytes}.";
        }

        if (options.MaxQueuedMessages <= 0)
        {
            yield return $"{prefix}MaxQueuedMessages must be positive.";
        }

        if (options.NewLogGroupRetentionInDays is { } days && !RetentionDays.Contains(days))
        {
            yield return $"{prefix}NewLogGroupRetentionInDays {days} is not one CloudWatch accepts ({string.Join(", ", RetentionDays)}).";
        }

        if (options.FlushTimeout < TimeSpan.Zero)
        {
            yield return $"{prefix}FlushTimeout may not be negative.";
        }

        if (options.MaxRetryDelay <= TimeSpan.Zero)
        {
            yield return $"{prefix}MaxRetryDelay must be positive.";
        }
    }

    [GeneratedRegex("^[.\\-_/#A-Za-z0-9]+$")]
    private static partial Regex LogGroupName();
}
