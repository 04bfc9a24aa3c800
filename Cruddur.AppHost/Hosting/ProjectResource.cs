namespace Cruddur.AppHost.Hosting;

/// <summary>A .NET project of this repository, started from its build output with <c>dotnet</c>.</summary>
public sealed class ProjectResource(string name, ProjectMetadata project) : Resource(name)
{
    public ProjectMetadata Project { get; } = project;
}
