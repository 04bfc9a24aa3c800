using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Cruddur.AppHost;

/// <summary>
/// The X-Ray daemon: the real <c>amazon/aws-xray-daemon</c> container where a container engine
/// answers, Cruddur.XRayDaemon (the same UDP and TCP contract) otherwise.
/// </summary>
internal static class XRayDaemonExtensions
{
    /// <summary><c>auto</c> (default), <c>container</c> or <c>project</c>.</summary>
    public const string ModeSetting = "XRayDaemon:Mode";

    /// <summary>The UDP and TCP port on 127.0.0.1, 2000 by default (the daemon's own default).</summary>
    public const string PortSetting = "XRayDaemon:Port";

    public const string Image = "amazon/aws-xray-daemon";
    public const string UdpEndpoint = "udp";
    public const string TcpEndpoint = "tcp";
    private const int DaemonPort = 2000;

    /// <summary>What the daemon needs to sign PutTraceSegments; a project inherits them, a container is given them.</summary>
    private static readonly string[] AwsVariables =
        ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    /// <param name="insights">Where Cruddur.XRayDaemon shows the documents it receives (the real container does not).</param>
    public static IResourceBuilder<IResourceWithEndpoints> AddXRayDaemon(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ProjectResource> insights, IResourceBuilder<ParameterResource> insightsOtlpApiKey)
    {
        var port = builder.Configuration.GetValue(PortSetting, DaemonPort);
        var mode = (builder.Configuration[ModeSetting] ?? "auto").Trim().ToLowerInvariant();
        var useContainer = mode switch
        {
            "container" => true,
            "project" => false,
            "auto" => ContainerEngineAnswers(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker"),
            _ => throw new InvalidOperationException($"{ModeSetting} '{mode}' is not one of auto, container, project."),
        };

        return useContainer
            ? AddContainer(builder, name, port)
            : AddProject(builder, name, port).WithReference(insights).WithEnvironment("Insights__OtlpApiKey", insightsOtlpApiKey);
    }

    /// <summary>
    /// Sends the service's X-Ray segments to the daemon (<c>AWS_XRAY_DAEMON_ADDRESS</c>). Not a wait: both
    /// start together, and a service takes longer to take its first request than the daemon to listen.
    /// </summary>
    public static IResourceBuilder<T> WithXRayDaemon<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithEndpoints> daemon)
        where T : IResourceWithEnvironment
    {
        var udp = daemon.GetEndpoint(UdpEndpoint);
        // An address, not "localhost": UDP to a name can go to ::1 while the daemon listens on 127.0.0.1.
        return builder
            .WithEnvironment("AWS_XRAY_DAEMON_ADDRESS", ReferenceExpression.Create($"127.0.0.1:{udp.Property(EndpointProperty.Port)}"))
            .WithReferenceRelationship(daemon);
    }

    private static IResourceBuilder<ProjectResource> AddProject(IDistributedApplicationBuilder builder, string name, int port) =>
        builder.AddProject<Projects.Cruddur_XRayDaemon>(name)
            .WithDaemonEndpoints(port, targetPort: null)
            .WithArgs("-o", "-b", $"127.0.0.1:{port}", "-t", $"127.0.0.1:{port}");

    private static IResourceBuilder<IResourceWithEndpoints> AddContainer(IDistributedApplicationBuilder builder, string name, int port)
    {
        var configuration = builder.Configuration;
        return builder.AddContainer(name, Image)
            .WithDaemonEndpoints(port, targetPort: DaemonPort)
            // Local mode (no EC2 metadata lookups), listening on every interface of the container.
            .WithArgs("-o", "-b", $"0.0.0.0:{DaemonPort}", "-t", $"0.0.0.0:{DaemonPort}")
            .WithEnvironment(context =>
            {
                foreach (var variable in AwsVariables)
                {
                    if (configuration[variable] is { Length: > 0 } value)
                    {
                        context.EnvironmentVariables[variable] = value;
                    }
                }
            });
    }

    // Not proxied: DCP's proxy does not carry UDP, and the services send to the daemon's own port.
    private static IResourceBuilder<T> WithDaemonEndpoints<T>(this IResourceBuilder<T> daemon, int port, int? targetPort)
        where T : IResourceWithEndpoints =>
        daemon
            .WithEndpoint(port: port, targetPort: targetPort, scheme: "udp", name: UdpEndpoint, isProxied: false, protocol: ProtocolType.Udp)
            .WithEndpoint(port: port, targetPort: targetPort, scheme: "tcp", name: TcpEndpoint, isProxied: false, protocol: ProtocolType.Tcp);

    /// <summary>Whether the container engine's client reaches a running engine within a few seconds.</summary>
    private static bool ContainerEngineAnswers(string command)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // No client installed.
        }
    }
}
