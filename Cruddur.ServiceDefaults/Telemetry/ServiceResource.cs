using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Resources;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// The OpenTelemetry resource of this process: who is speaking. Read once from configuration
/// so every signal and every sink describes the service the same way.
/// </summary>
public sealed class ServiceResource
{
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";
    public const string ResourceAttributesSetting = "OTEL_RESOURCE_ATTRIBUTES";

    private ServiceResource(string serviceName, string serviceVersion, string environment,
        IReadOnlyDictionary<string, object> attributes)
    {
        ServiceName = serviceName;
        ServiceVersion = serviceVersion;
        Environment = environment;
        Attributes = attributes;
    }

    public string ServiceName { get; }

    public string ServiceVersion { get; }

    /// <summary>The deployment environment in lower case (<c>development</c>, <c>production</c>).</summary>
    public string Environment { get; }

    /// <summary>Every resource attribute, <c>service.name</c> included.</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }

    public static ServiceResource Create(IConfiguration configuration, IHostEnvironment environment)
    {
        var fromVariable = ParseResourceAttributes(configuration[ResourceAttributesSetting]);
        // OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES (the specification's order).
        var serviceName = NonEmpty(configuration[ServiceNameSetting])
            ?? (fromVariable.TryGetValue("service.name", out var named) ? named : null)
            ?? environment.ApplicationName;
        var entry = Assembly.GetEntryAssembly();
        var version = entry?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? entry?.GetName().Version?.ToString()
            ?? "0.0.0";
        // The SDK appends "+commit"; keep it, it is what a deployment is.
        var environmentName = environment.EnvironmentName.ToLowerInvariant();

        var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["service.name"] = serviceName,
            ["service.version"] = version,
            ["service.instance.id"] = $"{System.Environment.MachineName}-{System.Environment.ProcessId}",
            ["deployment.environment"] = environmentName,
            ["deployment.environment.name"] = environmentName,
            ["host.name"] = System.Environment.MachineName,
            ["host.arch"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            ["os.type"] = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux",
            ["process.pid"] = (long)System.Environment.ProcessId,
            ["process.runtime.name"] = ".NET",
            ["process.runtime.version"] = System.Environment.Version.ToString(),
            ["telemetry.sdk.language"] = "dotnet",
        };
        foreach (var (key, value) in fromVariable)
        {
            if (key != "service.name")
            {
                attributes[key] = value;
            }
        }

        return new ServiceResource(serviceName, version, environmentName, attributes);
    }

    public ResourceBuilder CreateResourceBuilder() =>
        ResourceBuilder.CreateEmpty()
            .AddTelemetrySdk()
            .AddAttributes(Attributes);

    /// <summary>
    /// Parses <c>key1=value1,key2=value2</c> with percent-encoded values, as the OpenTelemetry
    /// specification defines OTEL_RESOURCE_ATTRIBUTES. Malformed pairs are skipped.
    /// </summary>
    internal static Dictionary<string, string> ParseResourceAttributes(string? value)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(value))
        {
            return result;
        }

        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = pair[..equals].Trim();
            var item = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            result[key] = item;
        }

        return result;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
