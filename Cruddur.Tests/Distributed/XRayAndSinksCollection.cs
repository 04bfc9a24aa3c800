namespace Cruddur.Tests.Distributed;

/// <summary>
/// The end-to-end classes each boot a whole AppHost: run alone, one after another, so their
/// boots do not starve the other tests' processes on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class XRayAndSinksCollection
{
    public const string Name = "XRayAndSinks";
}
