using Microsoft.Extensions.Configuration;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// Whether and where X-Ray segments go. On when <c>AWS_XRAY_DAEMON_ADDRESS</c> is set or
/// <c>XRay:Enabled</c> is true; a malformed setting fails start-up with its name.
/// </summary>
public sealed record XRaySettings(bool Enabled, XRayDaemonAddress Daemon, string SamplingRulesPath, string Reason)
{
    public const string CentralSamplingIntervalSetting = "XRay:CentralSamplingIntervalSeconds";

    public const string DaemonAddressSetting = "AWS_XRAY_DAEMON_ADDRESS";
    public const string EnabledSetting = "XRay:Enabled";
    public const string SamplingRulesPathSetting = "XRay:SamplingRulesPath";

    /// <summary>Copied next to every service's assembly from the repository's aws/json folder.</summary>
    public const string DefaultSamplingRulesPath = "xray.json";

    public static XRaySettings FromConfiguration(IConfiguration configuration)
    {
        var addressText = configuration[DaemonAddressSetting];
        var enabledText = configuration[EnabledSetting];
        bool? enabled = null;
        if (!string.IsNullOrWhiteSpace(enabledText))
        {
            enabled = bool.TryParse(enabledText.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{EnabledSetting} '{enabledText}' is not 'true' or 'false'.");
        }

        var hasAddress = !string.IsNullOrWhiteSpace(addressText);
        var on = enabled ?? hasAddress;
        var daemon = XRayDaemonAddress.Parse(addressText);
        var reason = on
            ? hasAddress && !XRayDaemonAddress.TryParse(addressText, out _)
                ? $"{DaemonAddressSetting} '{addressText}' is not host:port or 'tcp:host:port udp:host:port'; using {daemon.Udp}"
                : $"segments over UDP to {daemon.Udp}"
            : enabled == false ? $"{EnabledSetting} is false" : $"{DaemonAddressSetting} is not set";

        var rules = configuration[SamplingRulesPathSetting];
        var rulesPath = string.IsNullOrWhiteSpace(rules)
            ? Path.Combine(AppContext.BaseDirectory, DefaultSamplingRulesPath)
            : Path.GetFullPath(rules.Trim(), AppContext.BaseDirectory);
        // The default file may be absent (X-Ray's default rule applies); a configured one must exist.
        if (on && !string.IsNullOrWhiteSpace(rules) && !File.Exists(rulesPath))
        {
            throw new InvalidOperationException($"{SamplingRulesPathSetting} '{rules}' does not exist ({rulesPath}).");
        }
        var intervalText = configuration[CentralSamplingIntervalSetting];
        var interval = Sampling.CentralSamplingRules.DefaultInterval;
        if (!string.IsNullOrWhiteSpace(intervalText))
        {
            interval = int.TryParse(intervalText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new InvalidOperationException($"{CentralSamplingIntervalSetting} '{intervalText}' is not a positive number of seconds.");
        }

        return new XRaySettings(on, daemon, rulesPath, reason) { CentralSamplingInterval = interval };
    }

    /// <summary>How often the centralized rules are fetched through the daemon's TCP proxy.</summary>
    public TimeSpan CentralSamplingInterval { get; init; } = Sampling.CentralSamplingRules.DefaultInterval;
}
