using Microsoft.Extensions.Options;

namespace Cruddur.Api.Extensions;

/// <summary>Fails start-up on a handle the routes could not carry or a name the front end could not show.</summary>
internal sealed class CruddurUserOptionsValidator : IValidateOptions<CruddurUserOptions>
{
    public ValidateOptionsResult Validate(string? name, CruddurUserOptions options)
    {
        var failures = new List<string>();
        if (options.Handle is not { Length: >= 1 and <= 32 } handle || !handle.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            failures.Add($"{CruddurUserOptions.SectionName}:Handle must be 1-32 letters, digits or underscores (was '{options.Handle}').");
        }

        if (string.IsNullOrWhiteSpace(options.DisplayName) || options.DisplayName.Length > 64)
        {
            failures.Add($"{CruddurUserOptions.SectionName}:DisplayName must be 1-64 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
