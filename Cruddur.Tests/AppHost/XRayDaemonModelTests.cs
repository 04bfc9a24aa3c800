using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cruddur.Tests.AppHost;

/// <summary>The AppHost's model for the X-Ray daemon, read without starting anything (no container engine here).</summary>
public sealed class XRayDaemonModelTests
{
    [Fact]
    public async Task ContainerMode_Daemon_IsTheAwsImageOnUdpWithLocalModeFlagsAndTheAwsSettings()
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync(
            "XRayDaemon:Mode=container", "XRayDaemon:Port=2000",
            "AWS_REGION=eu-west-1", "AWS_ACCESS_KEY_ID=AKIDMODELTEST", "AWS_SECRET_ACCESS_KEY=model-test-secret");

        var daemon = Assert.Single(builder.Resources.OfType<ContainerResource>(), resource => resource.Name == "xray-daemon");
        var configuration = await ExecutionConfigurationBuilder.Create(daemon)
            .WithArgumentsConfig()
            .WithEnvironmentVariablesConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, TestContext.Current.CancellationToken);

        var image = Assert.Single(daemon.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("amazon/aws-xray-daemon", image.Image);
        var udp = Assert.Single(daemon.Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.Name == "udp");
        Assert.Equal(ProtocolType.Udp, udp.Protocol);
        Assert.Equal(2000, udp.Port);
        Assert.Equal(2000, udp.TargetPort);
        Assert.False(udp.IsProxied);
        Assert.Equal(["-o", "-b", "0.0.0.0:2000", "-t", "0.0.0.0:2000"], configuration.Arguments.Select(argument => argument.Value));
        var environment = configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value);
        Assert.Equal("eu-west-1", environment["AWS_REGION"]);
        Assert.Equal("AKIDMODELTEST", environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("model-test-secret", environment["AWS_SECRET_ACCESS_KEY"]);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("gateway")]
    public async Task ContainerMode_Services_SendSegmentsToTheDaemonsUdpPort(string service)
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync("XRayDaemon:Mode=container", "XRayDaemon:Port=2000");

        var project = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == service);
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, project);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var address = Assert.IsType<ReferenceExpression>(context.EnvironmentVariables["AWS_XRAY_DAEMON_ADDRESS"]);
        Assert.Equal("127.0.0.1:{xray-daemon.bindings.udp.port}", address.ValueExpression);
    }

    [Fact]
    public async Task AutoMode_NoContainerEngineAnswers_RunsTheProjectDaemon()
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync(
            "XRayDaemon:Mode=auto", "ASPIRE_CONTAINER_RUNTIME=cruddur-no-such-engine");

        Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == "xray-daemon");
        Assert.DoesNotContain(builder.Resources, resource => resource is ContainerResource);
    }

    [Fact]
    public async Task UnknownMode_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CruddurAppHost.CreateBuilderAsync("XRayDaemon:Mode=vm"));

        Assert.Contains("XRayDaemon:Mode 'vm' is not one of auto, container, project", error.ToString(), StringComparison.Ordinal);
    }
}
