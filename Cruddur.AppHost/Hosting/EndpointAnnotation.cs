namespace Cruddur.AppHost.Hosting;

/// <summary>
/// A port a resource listens on. A fixed <see cref="Port"/> is public and stable (the gateway's
/// 4567); without one, a free port is chosen at start so nothing collides.
/// </summary>
public sealed class EndpointAnnotation(string name, string scheme, int? port, bool isExternal)
{
    public const string DefaultName = "http";

    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    public int? Port { get; set; } = port;

    public bool IsExternal { get; set; } = isExternal;

    /// <summary>
    /// The variable that tells the process this endpoint's URL; null means <c>ASPNETCORE_URLS</c>,
    /// for a service with more than one listener of its own (the dashboard's OTLP ports).
    /// </summary>
    public string? EnvironmentVariable { get; set; }

    /// <summary>The port in use, known once the application has allocated endpoints.</summary>
    public int? AllocatedPort { get; internal set; }

    public string Url => AllocatedPort is { } port
        ? $"{Scheme}://localhost:{port}"
        : throw new InvalidOperationException($"Endpoint '{Name}' has no port yet: the application has not started.");
}
