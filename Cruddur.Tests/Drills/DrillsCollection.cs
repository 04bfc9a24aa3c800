namespace Cruddur.Tests.Drills;

/// <summary>
/// Each drill loads real processes hard: drills run alone, one after another, so neither their figures
/// nor the other tests suffer from sharing two cores with another drill.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillsCollection
{
    public const string Name = "Drills";
}
