namespace Cruddur.AppHost.Hosting;

/// <summary>
/// Something the AppHost runs: a name, the endpoints it listens on, the environment it gets,
/// and the resources it waits for. Subclasses say how it is launched.
/// </summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    public List<EndpointAnnotation> Endpoints { get; } = [];

    /// <summary>Environment variables, computed at launch (endpoints are allocated by then).</summary>
    public List<Action<IDictionary<string, string?>>> EnvironmentCallbacks { get; } = [];

    /// <summary>Names of environment variables whose values are secrets: shown masked, never printed.</summary>
    public HashSet<string> SecretEnvironmentNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Command-line arguments, computed at launch (endpoints are allocated by then).</summary>
    public List<Func<IEnumerable<string>>> Arguments { get; } = [];

    /// <summary>Links for people, shown in the start-up summary; the endpoints' URLs when empty.</summary>
    public List<Func<string>> DisplayUrls { get; } = [];

    /// <summary>Path probed over the "http" endpoint; a resource without one is ready once running.</summary>
    public string? HealthCheckPath { get; set; }

    public EndpointAnnotation GetEndpoint(string name = EndpointAnnotation.DefaultName) =>
        Endpoints.FirstOrDefault(endpoint => endpoint.Name == name)
        ?? throw new InvalidOperationException($"Resource '{Name}' has no endpoint named '{name}'.");

    public override string ToString() => Name;
}
