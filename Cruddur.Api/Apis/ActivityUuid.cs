using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Api.Apis;

/// <summary>
/// Reads the <c>{activity_uuid}</c> route value: blank is the original's 422 error code (left to
/// the service), malformed is a 400, so the two are never confused.
/// </summary>
internal static class ActivityUuid
{
    /// <summary>False only when the value is present but not a UUID; blank gives a null uuid.</summary>
    public static bool TryParse(string? value, out Guid? uuid)
    {
        uuid = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (!Guid.TryParse(value.Trim(), out var parsed))
        {
            return false;
        }

        uuid = parsed;
        return true;
    }

    public static ProblemHttpResult Malformed() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Malformed activity uuid",
        detail: "activity_uuid must be a UUID such as 68f126b0-1ceb-4a33-88be-d90fa7109eee.");

    public static ProblemHttpResult NotFound(string value) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Activity not found",
        detail: $"No live activity has the uuid {value.Trim()}.");
}
