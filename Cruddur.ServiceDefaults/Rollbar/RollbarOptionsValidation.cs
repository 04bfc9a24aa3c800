using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>Fails start-up with a message naming the wrong <c>Rollbar:*</c> setting.</summary>
internal sealed class RollbarOptionsValidation : IValidateOptions<RollbarOptions>
{
    private static readonly string[] Levels = ["critical", "error", "warning", "info", "debug"];

    public ValidateOptionsResult Validate(string? name, RollbarOptions options)
    {
        var failures = new List<string>();
        const string prefix = RollbarOptions.SectionName + ":";
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out _))
        {
            failures.Add($"{prefix}Endpoint '{options.Endpoint}' is not an absolute URL.");
        }

        if (!Levels.Contains(options.Level))
        {
            failures.Add($"{prefix}Level '{options.Level}' must be one of {string.Join(", ", Levels)}.");
        }

        if (options.MaxReportsPerMinute <= 0)
        {
            failures.Add($"{prefix}MaxReportsPerMinute must be positive.");
        }

        if (options.MaxQueuedItems <= 0)
        {
            failures.Add($"{prefix}MaxQueuedItems must be positive.");
        }

        if (options.PostTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}PostTimeout must be positive.");
        }

        if (options.MaxRequestBodyBytes < 0)
        {
            failures.Add($"{prefix}MaxRequestBodyBytes may not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
