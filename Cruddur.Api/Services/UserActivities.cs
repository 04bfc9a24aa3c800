using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>One user's feed: their live cruds, newest first.</summary>
internal sealed class UserActivities(ICruddurStore store, TimeProvider time)
{
    /// <summary>The original's X-Ray subsegment name, kept so traces read the same.</summary>
    public const string SpanName = "mock-data";

    public async Task<ServiceResult<IReadOnlyList<Activity>>> RunAsync(string? handle, CancellationToken cancellationToken)
    {
        if (MessageText.IsBlank(handle))
        {
            return ServiceResult<IReadOnlyList<Activity>>.Invalid(ErrorCodes.UserHandleBlank);
        }

        using var span = CruddurTelemetry.Source.StartActivity(SpanName);
        span?.SetTag(CruddurTelemetry.NowAttribute, CruddurTelemetry.IsoTime(time.GetLocalNow()));
        var results = await store.UserFeedAsync(handle!.Trim(), cancellationToken);
        span?.SetTag(CruddurTelemetry.ResultLengthAttribute, results.Count);
        return ServiceResult<IReadOnlyList<Activity>>.Success(results);
    }
}
