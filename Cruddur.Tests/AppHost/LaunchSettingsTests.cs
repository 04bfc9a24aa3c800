using Cruddur.AppHost.Hosting;

namespace Cruddur.Tests.AppHost;

public sealed class LaunchSettingsTests
{
    private static (DistributedApplicationBuilder Builder, IResourceBuilder<ProjectResource> Api) Declare(Dictionary<string, string?> settings)
    {
        var builder = new DistributedApplicationBuilder([], settings);
        return (builder, builder.AddProject("api", "Cruddur.Api"));
    }

    [Fact]
    public void Parameter_FromParametersSection_WinsOverEnvironmentVariable()
    {
        var (builder, _) = Declare(new() { ["Parameters:honeycomb-api-key"] = "from-secrets", ["HONEYCOMB_API_KEY"] = "from-env" });

        Assert.Equal("from-secrets", builder.AddParameter("honeycomb-api-key", "HONEYCOMB_API_KEY", secret: true).Value);
    }

    [Fact]
    public void Parameter_OnlyEnvironmentVariable_IsUsed_AndSecretPrintsMasked()
    {
        var (builder, _) = Declare(new() { ["HONEYCOMB_API_KEY"] = "from-env" });

        var parameter = builder.AddParameter("honeycomb-api-key", "HONEYCOMB_API_KEY", secret: true);

        Assert.Equal("from-env", parameter.Value);
        Assert.Equal("***", parameter.ToString());
    }

    [Fact]
    public void EnvironmentFor_SecretParameter_PassedToTheProcess_ButMaskedForDisplay()
    {
        var (builder, api) = Declare(new() { ["Parameters:rollbar-access-token"] = "rollbar-secret-value" });
        api.WithHttpEndpoint(port: 5055)
            .WithEnvironment("ROLLBAR_ACCESS_TOKEN", builder.AddParameter("rollbar-access-token", "ROLLBAR_ACCESS_TOKEN", secret: true))
            .WithEnvironment("OTEL_SERVICE_NAME", "cruddur-api");
        api.Resource.GetEndpoint().AllocatedPort = 5055;
        var launch = new LaunchSettings("Development");

        var environment = launch.EnvironmentFor(api.Resource);
        var shown = launch.DisplayEnvironmentFor(api.Resource);

        Assert.Equal("rollbar-secret-value", environment["ROLLBAR_ACCESS_TOKEN"]);
        Assert.Equal("***", shown["ROLLBAR_ACCESS_TOKEN"]);
        Assert.Equal("cruddur-api", shown["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://localhost:5055", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void EnvironmentFor_ParameterWithoutValue_RemovesTheVariable()
    {
        var (builder, api) = Declare([]);
        api.WithEnvironment("HONEYCOMB_API_KEY", builder.AddParameter("honeycomb-api-key", "HONEYCOMB_API_KEY_UNSET_IN_TESTS", secret: true));

        Assert.Null(new LaunchSettings("Development").EnvironmentFor(api.Resource)["HONEYCOMB_API_KEY"]);
    }

    [Fact]
    public void EnvironmentFor_ResourceEnvironmentSettings_HaveTheLastWord()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Resources:api:Environment:HONEYCOMB_ENDPOINT"] = "http://127.0.0.1:9999",
            ["Resources:api:Environment:OTEL_SERVICE_NAME"] = "overridden",
        };
        var (builder, api) = Declare(settings);
        api.WithEnvironment("OTEL_SERVICE_NAME", "cruddur-api");

        var environment = new LaunchSettings("Development", builder.Configuration).EnvironmentFor(api.Resource);

        Assert.Equal("http://127.0.0.1:9999", environment["HONEYCOMB_ENDPOINT"]);
        Assert.Equal("overridden", environment["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public void WithReference_GivesAspireServiceDiscoveryKeys()
    {
        var (builder, api) = Declare([]);
        api.WithHttpEndpoint();
        api.Resource.GetEndpoint().AllocatedPort = 6001;
        var gateway = builder.AddProject("gateway", "Cruddur.Api").WithReference(api);

        var environment = new LaunchSettings("Development").EnvironmentFor(gateway.Resource);

        Assert.Equal("http://localhost:6001", environment["services__api__http__0"]);
    }

    [Fact]
    public void WithHttpEndpoint_PortSetting_OverridesTheDeclaredPort()
    {
        var (_, api) = Declare(new() { ["Resources:api:Port"] = "7123" });

        api.WithHttpEndpoint(port: 4567);

        Assert.Equal(7123, api.Resource.GetEndpoint().Port);
    }

    [Fact]
    public void AddResource_DuplicateName_Fails()
    {
        var (builder, _) = Declare([]);

        Assert.Throws<InvalidOperationException>(() => builder.AddProject("API", "Cruddur.Api"));
    }
}
