using Microsoft.AspNetCore.Http;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// The two health endpoints, and how to tell a probe of them from a real request: probes are
/// left out of traces, the access log and X-Ray's sampling reservoir.
/// </summary>
internal static class HealthProbes
{
    /// <summary>Readiness: every check must pass before the service takes traffic.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only the checks tagged <c>live</c>, so a slow dependency does not get the process restarted.</summary>
    public const string AlivePath = "/alive";

    public const string LiveTag = "live";

    public static bool IsProbe(PathString path) =>
        path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(AlivePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>A call a service makes to another's health endpoint (a gateway's active health checks).</summary>
    public static bool IsProbe(Uri? url) =>
        url is { IsAbsoluteUri: true } && IsProbe(new PathString(url.AbsolutePath.TrimEnd('/') is { Length: > 0 } path ? path : "/"));
}
