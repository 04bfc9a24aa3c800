namespace Cruddur.AppHost.Hosting;

/// <summary>
/// The X-Ray daemon resource: the real <c>amazon/aws-xray-daemon</c> container where a container
/// engine answers, the project's own Cruddur.XRayDaemon otherwise (same UDP and TCP contract).
/// </summary>
public static class XRayDaemonResourceExtensions
{
    /// <summary><c>auto</c> (default), <c>container</c> or <c>project</c>.</summary>
    public const string ModeSetting = "XRayDaemon:Mode";
    public const string Image = "amazon/aws-xray-daemon";

    /// <summary>Variables the daemon needs to sign PutTraceSegments, passed through when set.</summary>
    private static readonly string[] AwsVariables =
        ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    public static IResourceBuilder<Resource> AddXRayDaemon(this DistributedApplicationBuilder builder, string name,
        int port = 2000, Func<bool>? containerEngineAvailable = null)
    {
        var mode = (builder.Configuration[ModeSetting] ?? "auto").Trim().ToLowerInvariant();
        var useContainer = mode switch
        {
            "container" => true,
            "project" => false,
            "auto" => (containerEngineAvailable ?? (() => ContainerEngine.IsAvailable(TimeSpan.FromSeconds(3))))(),
            _ => throw new InvalidOperationException($"{ModeSetting} '{mode}' is not one of auto, container, project."),
        };
        Console.WriteLine(useContainer
            ? $"{name}: running the {Image} container ({ModeSetting}={mode})"
            : $"{name}: running Cruddur.XRayDaemon ({ModeSetting}={mode}{(mode == "auto" ? ", no container engine answered" : "")})");

        return useContainer ? AddContainer(builder, name, port) : AddProject(builder, name, port);
    }

    /// <summary>
    /// Lets the daemon pass what it receives to the dashboard's trace page: the dashboard's
    /// endpoints (<c>services__dashboard__otlp-http__0</c>) and its OTLP API key in
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c>. The real container ignores both.
    /// </summary>
    public static IResourceBuilder<Resource> WithDashboardFeed(this IResourceBuilder<Resource> daemon,
        IResourceBuilder<Resource> dashboard, ParameterResource otlpApiKey)
    {
        daemon.Resource.SecretEnvironmentNames.Add("OTEL_EXPORTER_OTLP_HEADERS");
        daemon.Resource.EnvironmentCallbacks.Add(environment =>
            environment["OTEL_EXPORTER_OTLP_HEADERS"] = otlpApiKey.Value is { } key ? $"x-otlp-api-key={Uri.EscapeDataString(key)}" : null);
        return daemon.WithReference(dashboard);
    }

    private static IResourceBuilder<Resource> AddProject(DistributedApplicationBuilder builder, string name, int port) =>
        builder.AddProject(name, "Cruddur.XRayDaemon")
            .WithEndpoint("udp", port)
            .WithArgs(daemon =>
            {
                var address = $"127.0.0.1:{daemon.GetEndpoint().AllocatedPort}";
                return ["-o", "-b", address, "-t", address];
            })
            .WithEnvironmentFromHost(AwsVariables);

    private static IResourceBuilder<Resource> AddContainer(DistributedApplicationBuilder builder, string name, int port) =>
        builder.AddResource(new ExecutableResource(name, ContainerEngine.Command, AppContext.BaseDirectory))
            .WithEndpoint("udp", port)
            .WithArgs(daemon =>
            {
                var hostPort = daemon.GetEndpoint().AllocatedPort;
                List<string> arguments = ["run", "--rm", "--name", $"cruddur-{name}-{hostPort}",
                    "-p", $"127.0.0.1:{hostPort}:2000/udp", "-p", $"127.0.0.1:{hostPort}:2000/tcp"];
                foreach (var variable in AwsVariables)
                {
                    // "-e NAME" copies the value from docker's own environment: nothing secret on the command line.
                    arguments.AddRange(["-e", variable]);
                }

                arguments.AddRange([Image, "-o", "-b", "0.0.0.0:2000", "-t", "0.0.0.0:2000"]);
                return arguments;
            })
            .WithEnvironmentFromHost(AwsVariables);
}
