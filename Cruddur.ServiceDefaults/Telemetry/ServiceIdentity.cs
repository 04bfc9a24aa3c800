using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Resources;

namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>
/// Who is speaking: the name, version and environment every signal and every sink gives the
/// service. The SDK's resource is built from the same values, so the X-Ray segment name, the
/// CloudWatch stream and the Rollbar item agree with <c>service.name</c>.
/// </summary>
public sealed class ServiceIdentity
{
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    private ServiceIdentity(string serviceName, string serviceVersion, string environment)
    {
        ServiceName = serviceName;
        ServiceVersion = serviceVersion;
        Environment = environment;
    }

    /// <summary><c>OTEL_SERVICE_NAME</c>, else the application name.</summary>
    public string ServiceName { get; }

    /// <summary>The entry assembly's informational version (with its <c>+commit</c>: that is what a deployment is).</summary>
    public string ServiceVersion { get; }

    /// <summary>The deployment environment in lower case (<c>development</c>, <c>production</c>).</summary>
    public string Environment { get; }

    public static ServiceIdentity Create(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[ServiceNameSetting];
        var entry = Assembly.GetEntryAssembly();
        var version = entry?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? entry?.GetName().Version?.ToString()
            ?? "0.0.0";
        return new ServiceIdentity(
            string.IsNullOrWhiteSpace(configured) ? environment.ApplicationName : configured.Trim(),
            version,
            environment.EnvironmentName.ToLowerInvariant());
    }

    /// <summary>
    /// Adds this identity to the SDK's resource, after its own detectors (<c>OTEL_RESOURCE_ATTRIBUTES</c>,
    /// <c>OTEL_SERVICE_NAME</c>), so <c>service.name</c> is the one the sinks use. No instance id is made
    /// up: the one an orchestrator sets in <c>OTEL_RESOURCE_ATTRIBUTES</c> (Aspire's replica) stays.
    /// </summary>
    public ResourceBuilder AddTo(ResourceBuilder resource) => resource
        .AddService(ServiceName, serviceVersion: ServiceVersion, autoGenerateServiceInstanceId: false)
        .AddAttributes(new Dictionary<string, object>
        {
            ["deployment.environment"] = Environment,
            ["deployment.environment.name"] = Environment,
            ["host.name"] = System.Environment.MachineName,
            ["process.pid"] = (long)System.Environment.ProcessId,
            ["process.runtime.name"] = ".NET",
            ["process.runtime.version"] = System.Environment.Version.ToString(),
        });
}
