using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>Settings of the Rollbar notifier, bound from the configuration section <c>Rollbar</c>.</summary>
public sealed class RollbarOptions
{
    public const string SectionName = "Rollbar";

    public static readonly string[] DefaultScrubFields =
    [
        "password", "passwd", "secret", "token", "access_token", "api_key", "Authorization", "Cookie", "Set-Cookie",
        "X-Api-Key", "x-honeycomb-team", "X-Rollbar-Access-Token",
    ];

    /// <summary>Set from <c>ROLLBAR_ACCESS_TOKEN</c>.</summary>
    public string? AccessToken { get; set; }

    public string Endpoint { get; set; } = "https://api.rollbar.com";

    /// <summary>The level of items for unhandled exceptions.</summary>
    public string Level { get; set; } = "error";

    /// <summary>Log records at this level and above become items too; unset: only unhandled exceptions.</summary>
    public LogLevel? ReportLogLevel { get; set; }

    public int MaxReportsPerMinute { get; set; } = 60;

    public int MaxQueuedItems { get; set; } = 100;

    public TimeSpan PostTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much of a request body an item carries.</summary>
    public int MaxRequestBodyBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Maps <c>GET /rollbar/test/exception</c>, which throws, so the unhandled-exception path (item, 500
    /// problem details, trace marked as an error) can be followed end to end. Off by default.
    /// </summary>
    public bool EnableExceptionTest { get; set; }

    /// <summary>Names of headers, query and form fields and JSON properties whose values are masked.</summary>
    public List<string> ScrubFields { get; set; } = [.. DefaultScrubFields];
}
