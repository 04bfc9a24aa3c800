using Microsoft.Extensions.Configuration;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// What every launched service gets besides its own declarations: the environment name, its
/// URLs, and console logging that prints one line per record.
/// </summary>
internal sealed class LaunchSettings(string environmentName, IConfiguration? configuration = null)
{
    public IDictionary<string, string?> EnvironmentFor(Resource resource)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_ENVIRONMENT"] = environmentName,
            ["ASPNETCORE_URLS"] = resource.Endpoints.Any(ListensThroughKestrelUrls)
                ? string.Join(';', resource.Endpoints.Where(ListensThroughKestrelUrls).Select(endpoint => endpoint.Url))
                : null,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            // Children must not inherit the AppHost's own launch profile or url settings.
            ["DOTNET_LAUNCH_PROFILE"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
        };
        foreach (var endpoint in resource.Endpoints.Where(endpoint => endpoint.EnvironmentVariable is not null))
        {
            environment[endpoint.EnvironmentVariable!] = endpoint.Url;
        }

        foreach (var callback in resource.EnvironmentCallbacks)
        {
            callback(environment);
        }

        // Last word to configuration: Resources:{name}:Environment:{VARIABLE} (tests point sinks at fakes this way).
        if (configuration is not null)
        {
            foreach (var setting in configuration.GetSection($"Resources:{resource.Name}:Environment").GetChildren())
            {
                environment[setting.Key] = setting.Value;
            }
        }

        return environment;
    }

    private static bool ListensThroughKestrelUrls(EndpointAnnotation endpoint) =>
        endpoint.EnvironmentVariable is null && endpoint.Scheme is "http" or "https";

    /// <summary>The environment as it may be shown (dashboard, logs): secret values masked.</summary>
    public IReadOnlyDictionary<string, string?> DisplayEnvironmentFor(Resource resource) =>
        EnvironmentFor(resource).ToDictionary(
            pair => pair.Key,
            pair => pair.Value is not null && IsSecret(resource, pair.Key) ? "***" : pair.Value,
            StringComparer.Ordinal);

    private static bool IsSecret(Resource resource, string name) =>
        resource.SecretEnvironmentNames.Contains(name)
        || name.Contains("SECRET", StringComparison.OrdinalIgnoreCase)
        || name.Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.Contains("API_KEY", StringComparison.OrdinalIgnoreCase)
        || name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase);
}
