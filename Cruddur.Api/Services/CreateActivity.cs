using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Posts a crud as the acting user, expiring after the chosen lifetime.</summary>
internal sealed class CreateActivity(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<Activity>> RunAsync(string? message, string? ttl, CancellationToken cancellationToken)
    {
        // The original's order of checks: ttl, user, message.
        var errors = new List<string>();
        if (!Ttl.TryParse(ttl, out var lifetime))
        {
            errors.Add(ErrorCodes.TtlBlank);
        }

        if (MessageText.IsBlank(user.Handle))
        {
            errors.Add(ErrorCodes.UserHandleBlank);
        }

        MessageText.Validate(message, MessageText.MaxCrudChars, errors);
        if (errors.Count > 0)
        {
            return ServiceResult<Activity>.Invalid(errors);
        }

        var activity = await store.AddActivityAsync(user.Author, message!, lifetime, cancellationToken);
        return ServiceResult<Activity>.Success(activity);
    }
}
