using Microsoft.Extensions.Hosting;
using Cruddur.ServiceDefaults.Telemetry;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Rollbar: unhandled exceptions become items posted to the Rollbar item API,
/// on when <c>ROLLBAR_ACCESS_TOKEN</c> is set.
/// </summary>
internal static class RollbarExtensions
{
    public const string AccessTokenSetting = "ROLLBAR_ACCESS_TOKEN";

    public static IHostApplicationBuilder AddRollbar(this IHostApplicationBuilder builder)
    {
        var sinks = SinkReport.For(builder);
        sinks.Off("Rollbar", string.IsNullOrWhiteSpace(builder.Configuration[AccessTokenSetting])
            ? $"{AccessTokenSetting} is not set"
            : "the notifier is not part of this build yet");
        return builder;
    }
}
