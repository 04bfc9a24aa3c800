using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Posts a crud as the acting user, expiring after the chosen lifetime.</summary>
internal sealed class CreateActivity(ICruddurStore store, ActingUser user)
{
    public async Task<ServiceResult<Activity>> RunAsync(string? message, string? ttl, CancellationToken cancellationToken)
    {
        // The original's checks in its order, ttl, user, message, each failing one replacing the code
        // before it: one code, the last failing check's (message over user over ttl).
        string? error = null;
        if (!Ttl.TryParse(ttl, out var lifetime))
        {
            error = ErrorCodes.TtlBlank;
        }

        if (MessageText.IsBlank(user.Handle))
        {
            error = ErrorCodes.UserHandleBlank;
        }

        error = MessageText.Check(message, MessageText.MaxCrudChars) ?? error;
        if (error is not null)
        {
            return ServiceResult<Activity>.Invalid(error);
        }

        var activity = await store.AddActivityAsync(user.Author, message!, lifetime, cancellationToken);
        return ServiceResult<Activity>.Success(activity);
    }
}
