namespace Cruddur.AppHost.Hosting;

/// <summary>Any program on the PATH (the container engine's CLI, say), started with its arguments.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;
}
