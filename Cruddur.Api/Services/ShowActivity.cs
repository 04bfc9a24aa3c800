using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>One crud with its replies.</summary>
internal sealed class ShowActivity(ICruddurStore store)
{
    public async Task<ServiceResult<Activity>> RunAsync(Guid? activityUuid, CancellationToken cancellationToken)
    {
        if (activityUuid is not { } uuid)
        {
            return ServiceResult<Activity>.Invalid(ErrorCodes.ActivityUuidBlank);
        }

        var activity = await store.FindActivityAsync(uuid, cancellationToken);
        return activity is null ? ServiceResult<Activity>.NotFound() : ServiceResult<Activity>.Success(activity);
    }
}
