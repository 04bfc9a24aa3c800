using System.Net;
using Cruddur.Gateway;

namespace Cruddur.Tests.Gateway;

/// <summary>What the gateway refuses to start without, and where it finds its settings.</summary>
public sealed class GatewayStartupTests
{
    private const string Gateway = "Cruddur.Gateway";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("api:8080")]
    [InlineData("/api")]
    // Service discovery drops an https URL listed under the "http" key and would fall back to DNS for "api".
    [InlineData("https://127.0.0.1:5001")]
    public void Start_MissingOrInvalidApiAddress_FailsNamingTheSetting(string? address)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            using var gateway = GatewayHost.Start(new Dictionary<string, string?> { ["services:api:http:0"] = address });
        });

        Assert.Contains("services:api:http:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithoutRoutes_FailsNamingTheSectionAndContentRoot()
    {
        var empty = Directory.CreateTempSubdirectory("gateway-no-settings-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() =>
            {
                using var gateway = GatewayHost.Start(new Dictionary<string, string?>
                {
                    ["services:api:http:0"] = "http://127.0.0.1:5080",
                    ["contentRoot"] = empty.FullName,
                });
            });

            Assert.Contains("ReverseProxy:Routes", error.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_FromAnotherWorkingDirectory_ServesTheRoutesShippedBesideIt()
    {
        var cancel = TestContext.Current.CancellationToken;
        var elsewhere = Directory.CreateTempSubdirectory("gateway-cwd-");
        try
        {
            await using var upstream = await UpstreamStandIn.StartAsync(cancel);
            await using var gateway = await ApiProcess.StartAsync(
                new Dictionary<string, string> { ["services__api__http__0"] = upstream.Address.ToString() }, cancel, Gateway, elsewhere.FullName);
            using var client = new HttpClient { BaseAddress = gateway.Address };

            using var response = await client.GetAsync("/api/activities/home", cancel);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Single(upstream.Received);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_ProcessWithoutApiAddress_ExitsNamingTheSetting()
    {
        var elsewhere = Directory.CreateTempSubdirectory("gateway-cwd-");
        try
        {
            var (exitCode, output) = await ApiProcess.RunToExitAsync(
                new Dictionary<string, string>(), Gateway, elsewhere.FullName, TestContext.Current.CancellationToken);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("services:api:http:0", output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_WorkingDirectoryWithSettingsButNoRoutes_ExitsNamingTheSection()
    {
        // Another program's appsettings.json in the working directory: .NET's rule makes it the content root.
        var elsewhere = Directory.CreateTempSubdirectory("gateway-cwd-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(elsewhere.FullName, "appsettings.json"), "{}", TestContext.Current.CancellationToken);

            var (exitCode, output) = await ApiProcess.RunToExitAsync(
                new Dictionary<string, string> { ["services__api__http__0"] = "http://127.0.0.1:5080" }, Gateway, elsewhere.FullName,
                TestContext.Current.CancellationToken);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("ReverseProxy:Routes", output, StringComparison.Ordinal);
            Assert.Contains(elsewhere.FullName, output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public void ChooseContentRoot_WorkingDirectoryWithSettings_LeavesItToTheHost()
    {
        using var folders = new Folders(workingHasSettings: true);

        Assert.Null(GatewayHostingExtensions.ChooseContentRoot([], folders.Working, folders.Base));
    }

    [Fact]
    public void ChooseContentRoot_WorkingDirectoryWithoutSettings_ReturnsBaseDirectory()
    {
        using var folders = new Folders(workingHasSettings: false);

        Assert.Equal(folders.Base, GatewayHostingExtensions.ChooseContentRoot([], folders.Working, folders.Base));
    }

    [Fact]
    public void ChooseContentRoot_ContentRootArgument_LeavesItToTheHost()
    {
        using var folders = new Folders(workingHasSettings: false);

        Assert.Null(GatewayHostingExtensions.ChooseContentRoot(["--contentRoot", folders.Working], folders.Working, folders.Base));
    }

    /// <summary>A working directory and a base directory with appsettings.json, under one temporary folder.</summary>
    private sealed class Folders : IDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("gateway-content-root-");

        public Folders(bool workingHasSettings)
        {
            Working = _root.CreateSubdirectory("working").FullName;
            Base = _root.CreateSubdirectory("base").FullName;
            File.WriteAllText(Path.Combine(Base, "appsettings.json"), "{}");
            if (workingHasSettings)
            {
                File.WriteAllText(Path.Combine(Working, "appsettings.json"), "{}");
            }
        }

        public string Working { get; }

        public string Base { get; }

        public void Dispose() => _root.Delete(recursive: true);
    }
}
