namespace Cruddur.AppHost.Hosting;

/// <summary>
/// What every launched service gets besides its own declarations: the environment name, its
/// URLs, and console logging that prints one line per record.
/// </summary>
internal sealed class LaunchSettings(string environmentName)
{
    public IDictionary<string, string?> EnvironmentFor(Resource resource)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_ENVIRONMENT"] = environmentName,
            ["ASPNETCORE_URLS"] = string.Join(';', resource.Endpoints.Select(endpoint => endpoint.Url)),
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            // Children must not inherit the AppHost's own launch profile or url settings.
            ["DOTNET_LAUNCH_PROFILE"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
        };
        foreach (var callback in resource.EnvironmentCallbacks)
        {
            callback(environment);
        }

        return environment;
    }
}
