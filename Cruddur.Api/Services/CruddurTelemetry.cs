using System.Diagnostics;
using System.Globalization;

namespace Cruddur.Api.Services;

/// <summary>
/// The api's own spans. The name starts with <c>Cruddur.</c>, which ServiceDefaults listens to,
/// so these spans join the request's trace with no further set-up.
/// </summary>
internal static class CruddurTelemetry
{
    public const string SourceName = "Cruddur.Api";

    public const string NowAttribute = "app.now";
    public const string ResultLengthAttribute = "app.result_length";
    public const string UserIdAttribute = "app.user_id";

    public static readonly ActivitySource Source = new(SourceName, typeof(CruddurTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>ISO 8601 with offset, as the original wrote <c>app.now</c> (Python's isoformat).</summary>
    public static string IsoTime(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
