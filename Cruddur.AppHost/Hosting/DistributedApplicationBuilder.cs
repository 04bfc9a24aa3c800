using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// Declares the resources of the distributed application, as .NET Aspire's builder does:
/// configuration (appsettings, user secrets, environment, command line) and one call per resource.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    /// <summary>Setting that makes every endpoint take a free port (the tests' default).</summary>
    public const string RandomizePortsSetting = "AppHost:RandomizePorts";

    private readonly List<Resource> _resources = [];
    private readonly List<ParameterResource> _parameters = [];

    internal DistributedApplicationBuilder(string[] args, IDictionary<string, string?>? overrides)
    {
        EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } name ? name : "Development";
        var baseDirectory = AppContext.BaseDirectory;
        Configuration = new ConfigurationManager();
        Configuration.SetBasePath(baseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true);
        if (EnvironmentName == "Development")
        {
            Configuration.AddUserSecrets(typeof(DistributedApplicationBuilder).Assembly, optional: true);
        }

        Configuration.AddEnvironmentVariables().AddCommandLine(args);
        if (overrides is not null)
        {
            Configuration.AddInMemoryCollection(overrides);
        }
    }

    public ConfigurationManager Configuration { get; }

    /// <summary>The dashboard fed with resource snapshots, and the key it accepts them with.</summary>
    internal (Resource Dashboard, ParameterResource Key)? ResourcePublisher { get; set; }

    /// <summary>The dashboard whose spend summary is printed on stop.</summary>
    internal SpendSummary? SpendSummary { get; set; }

    internal IReadOnlyList<ParameterResource> Parameters => _parameters;

    /// <summary>The environment every service is started in (<c>DOTNET_ENVIRONMENT</c>, default Development).</summary>
    public string EnvironmentName { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>A project of this repository, by assembly name, started from its build output.</summary>
    public IResourceBuilder<ProjectResource> AddProject(string name, string assemblyName) =>
        AddResource(new ProjectResource(name, ProjectMetadata.Find(assemblyName)));

    /// <summary>
    /// A parameter: <c>Parameters:{name}</c> in configuration (user secrets included), else the
    /// environment variable <paramref name="environmentVariable"/>.
    /// </summary>
    public ParameterResource AddParameter(string name, string? environmentVariable = null, bool secret = false) =>
        Remember(new ParameterResource(name, Configuration, environmentVariable, secret, generated: null));

    /// <summary>
    /// A secret that defaults to a fresh random value for each run (a dashboard token, say);
    /// <c>Parameters:{name}</c> fixes it.
    /// </summary>
    public ParameterResource AddGeneratedSecret(string name) =>
        Remember(new ParameterResource(name, Configuration, environmentVariable: null, secret: true,
            generated: Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    public ParameterResource GetParameter(string name) =>
        _parameters.FirstOrDefault(parameter => parameter.Name == name)
        ?? throw new InvalidOperationException($"No parameter named '{name}'.");

    private ParameterResource Remember(ParameterResource parameter)
    {
        _parameters.Add(parameter);
        return parameter;
    }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(existing => string.Equals(existing.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        var app = new DistributedApplication(this);
        DistributedApplicationTestingHook.Current?.OnBuilt(app);
        return app;
    }

    internal bool RandomizePorts => Configuration.GetValue<bool>(RandomizePortsSetting);

    internal static string Version =>
        typeof(DistributedApplicationBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
}
