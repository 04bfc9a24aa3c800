using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>The acting user's notifications: their live cruds that others replied to.</summary>
internal sealed class NotificationsActivities(ICruddurStore store, ActingUser user)
{
    public const string SpanName = "notifications-activities-mock-data";

    public async Task<IReadOnlyList<Activity>> RunAsync(CancellationToken cancellationToken)
    {
        using var span = CruddurTelemetry.Source.StartActivity(SpanName);
        span?.SetTag(CruddurTelemetry.UserIdAttribute, user.Handle);
        var results = await store.NotificationsAsync(user.Handle, cancellationToken);
        span?.SetTag(CruddurTelemetry.ResultLengthAttribute, results.Count);
        return results;
    }
}
