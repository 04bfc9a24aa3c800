using System.Reflection;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// Where a resource project's build output is. The AppHost's build records it as assembly
/// metadata (see Cruddur.AppHost.csproj), so launching needs no nested <c>dotnet run</c>.
/// </summary>
public sealed record ProjectMetadata(string AssemblyName, string AssemblyPath, string ProjectPath)
{
    private const string Prefix = "cruddur-project:";

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    public static ProjectMetadata Find(string assemblyName)
    {
        var attribute = typeof(ProjectMetadata).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == Prefix + assemblyName)
            ?? throw new InvalidOperationException(
                $"'{assemblyName}' is not a resource project of the AppHost: add a ProjectReference with IsResourceProject=\"true\".");
        var parts = attribute.Value!.Split('|');
        return new ProjectMetadata(assemblyName, parts[0], parts[1]);
    }
}
