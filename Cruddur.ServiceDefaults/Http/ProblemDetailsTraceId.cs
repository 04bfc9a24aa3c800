using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// One error-body shape for every service: the trace id as <c>trace_id</c>, the api's snake_case (ASP.NET Core
/// writes <c>traceId</c>, which the api's JSON naming turned into <c>trace_id</c> while the gateway kept it),
/// so a caller reads the same field from whichever service answered.
/// </summary>
internal static class ProblemDetailsTraceId
{
    public const string Field = "trace_id";

    private const string FrameworkField = "traceId";

    /// <summary>Runs after the service's own customisation, so nothing it does can bring <c>traceId</c> back.</summary>
    public static Action<ProblemDetailsContext> After(Action<ProblemDetailsContext>? customize) => context =>
    {
        customize?.Invoke(context);
        var extensions = context.ProblemDetails.Extensions;
        extensions.Remove(FrameworkField, out var frameworkId);
        extensions[Field] = frameworkId ?? Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    };
}
