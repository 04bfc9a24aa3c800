using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Cruddur.Tests.ServiceDefaults;

public sealed class ServiceResourceTests
{
    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Cruddur.Api";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static ServiceResource Create(params (string Key, string Value)[] settings) =>
        ServiceResource.Create(
            new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
                .Build(),
            new Environment());

    [Fact]
    public void Create_NoSettings_UsesApplicationNameAndLowerCaseEnvironment()
    {
        var resource = Create();

        Assert.Equal("Cruddur.Api", resource.ServiceName);
        Assert.Equal("production", resource.Attributes["deployment.environment"]);
        Assert.Equal(System.Environment.ProcessId, Convert.ToInt32(resource.Attributes["process.pid"]));
        Assert.False(string.IsNullOrEmpty(resource.ServiceVersion));
    }

    [Fact]
    public void Create_ServiceNameSetting_WinsOverResourceAttributes()
    {
        var resource = Create(
            ("OTEL_SERVICE_NAME", "cruddur-api"),
            ("OTEL_RESOURCE_ATTRIBUTES", "service.name=other,cloud.platform=aws_ecs,team=cruddur%20core"));

        Assert.Equal("cruddur-api", resource.ServiceName);
        Assert.Equal("cruddur-api", resource.Attributes["service.name"]);
        Assert.Equal("aws_ecs", resource.Attributes["cloud.platform"]);
        Assert.Equal("cruddur core", resource.Attributes["team"]);
    }

    [Fact]
    public void Create_ServiceNameOnlyInResourceAttributes_IsUsed()
    {
        Assert.Equal("from-attributes", Create(("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes")).ServiceName);
    }

    [Theory]
    [InlineData("novalue", 0)]
    [InlineData("=x,a=1", 1)]
    [InlineData(" a = 1 , b=2 ", 2)]
    public void ParseResourceAttributes_SkipsMalformedPairs(string value, int count)
    {
        Assert.Equal(count, ServiceResource.ParseResourceAttributes(value).Count);
    }
}
