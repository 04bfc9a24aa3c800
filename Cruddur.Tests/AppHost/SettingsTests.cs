using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Cruddur.Tests.AppHost;

/// <summary>What the AppHost hands each service, read from its model without starting anything.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("api")]
    [InlineData("gateway")]
    public async Task SinkSecrets_Unset_AreEmptySoTheSinksAreOffAndNobodyIsPrompted(string service)
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync();

        var environment = await EnvironmentOf(builder, service);

        Assert.Equal("", await ValueOf(environment["HONEYCOMB_API_KEY"]));
        Assert.Equal("", await ValueOf(environment["ROLLBAR_ACCESS_TOKEN"]));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("gateway")]
    public async Task SinkSecrets_FromTheirVariables_ReachTheServiceAsSecretParameters(string service)
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync(
            "HONEYCOMB_API_KEY=hcKeyFromTheShell0123", "ROLLBAR_ACCESS_TOKEN=post_server_item_from_the_shell");

        var environment = await EnvironmentOf(builder, service);

        var honeycomb = Assert.IsType<ParameterResource>(environment["HONEYCOMB_API_KEY"]);
        Assert.True(honeycomb.Secret);
        Assert.Equal("hcKeyFromTheShell0123", await ValueOf(honeycomb));
        Assert.Equal("post_server_item_from_the_shell", await ValueOf(environment["ROLLBAR_ACCESS_TOKEN"]));
    }

    [Fact]
    public async Task SinkSecret_UserSecretParameter_WinsOverTheVariable()
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync(
            "HONEYCOMB_API_KEY=hcKeyFromTheShell0123", "Parameters:honeycomb-api-key=hcKeyFromUserSecrets01");

        var environment = await EnvironmentOf(builder, "api");

        Assert.Equal("hcKeyFromUserSecrets01", await ValueOf(environment["HONEYCOMB_API_KEY"]));
    }

    [Theory]
    [InlineData("api", "AWS_REGION", "eu-west-1")]
    [InlineData("api", "AWS_PROFILE", "cruddur-dev")]
    [InlineData("gateway", "AWS_DEFAULT_REGION", "eu-central-1")]
    [InlineData("gateway", "FRONTEND_URL", "http://localhost:3001")]
    public async Task HostSetting_WhenSet_PassesThroughToTheService(string service, string name, string value)
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync($"{name}={value}");

        var environment = await EnvironmentOf(builder, service);

        Assert.Equal(value, environment[name]);
    }

    [Fact]
    public async Task GatewaySection_OfTheAppHost_ReachesTheGatewayAsItsOwnSettings()
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync(
            "Gateway:RateLimit:RequestsPerSecond=1000000", "Gateway:RateLimit:Burst=2000000");

        var gateway = await EnvironmentOf(builder, "gateway");
        var api = await EnvironmentOf(builder, "api");

        Assert.Equal("1000000", gateway["Gateway__RateLimit__RequestsPerSecond"]);
        Assert.Equal("2000000", gateway["Gateway__RateLimit__Burst"]);
        Assert.DoesNotContain(api.Keys, key => key.StartsWith("Gateway__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FrontendUrl_OpensTheDashboardsOtlpHttpEndpointToItsOrigin()
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync("FRONTEND_URL=http://localhost:3001/");

        Assert.Equal("http://localhost:3001", builder.Configuration["ASPIRE_DASHBOARD_CORS_ALLOWED_ORIGINS"]);
    }

    [Fact]
    public async Task Gateway_ReferencesTheApi_AndWaitsForItToBeHealthy()
    {
        await using var builder = await CruddurAppHost.CreateBuilderAsync();

        var gateway = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "gateway");

        Assert.Contains(gateway.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "api" && wait.WaitType == WaitType.WaitUntilHealthy);
        Assert.Contains(gateway.Annotations.OfType<ResourceRelationshipAnnotation>(), relation => relation.Resource.Name == "api" && relation.Type == "Reference");
    }

    private static async Task<Dictionary<string, object>> EnvironmentOf(IDistributedApplicationTestingBuilder builder, string service)
    {
        var project = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == service);
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, project);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    private static async Task<string?> ValueOf(object value) => value switch
    {
        ParameterResource parameter => await parameter.GetValueAsync(TestContext.Current.CancellationToken),
        string text => text,
        _ => throw new InvalidOperationException($"Unexpected value {value.GetType()}"),
    };
}
