using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>The home feed: every live crud, newest first.</summary>
internal sealed partial class HomeActivities(ICruddurStore store, TimeProvider time, ILogger<HomeActivities> logger)
{
    public const string SpanName = "home-activities-mock-data";

    public async Task<IReadOnlyList<Activity>> RunAsync(CancellationToken cancellationToken)
    {
        LogHomeActivities(logger);
        using var span = CruddurTelemetry.Source.StartActivity(SpanName);
        span?.SetTag(CruddurTelemetry.NowAttribute, CruddurTelemetry.IsoTime(time.GetLocalNow()));
        var results = await store.HomeFeedAsync(cancellationToken);
        span?.SetTag(CruddurTelemetry.ResultLengthAttribute, results.Count);
        return results;
    }

    // The original's logger.info("HomeActivities"): one line per home feed, in the request's trace.
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HomeActivities")]
    private static partial void LogHomeActivities(ILogger logger);
}
