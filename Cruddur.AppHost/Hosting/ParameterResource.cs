using Microsoft.Extensions.Configuration;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// A value the AppHost reads from configuration (<c>Parameters:{name}</c>, so <c>dotnet user-secrets</c>
/// works) or, failing that, from an environment variable. Secret values are never printed.
/// </summary>
public sealed class ParameterResource(string name, IConfiguration configuration, string? environmentVariable, bool secret, string? generated)
{
    public string Name { get; } = name;

    public bool Secret { get; } = secret;

    public string? Value =>
        NonEmpty(configuration[$"Parameters:{Name}"])
        ?? (environmentVariable is null ? null : NonEmpty(configuration[environmentVariable]))
        ?? generated;

    public override string ToString() => Secret ? "***" : Value ?? "";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
