namespace Cruddur.Insights.Resources;

/// <summary>One resource as the AppHost reports it; environment values arrive already masked.</summary>
public sealed record ResourceItem(
    string Name,
    string Type,
    string State,
    DateTimeOffset? StartedAt,
    int? ExitCode,
    int? ProcessId,
    IReadOnlyList<string>? Urls,
    string? Health,
    IReadOnlyDictionary<string, string?>? Environment,
    IReadOnlyList<string>? Console);

/// <summary>The AppHost's full snapshot list, sent every second.</summary>
public sealed record ResourceUpdate(IReadOnlyList<ResourceItem>? Resources);

/// <summary>What the UI reads: the last snapshot list and when it arrived (null before the first).</summary>
public sealed record ResourceList(DateTimeOffset? UpdatedAt, IReadOnlyList<ResourceItem> Items);

/// <summary>Commands the AppHost should run, handed over once in the answer to its update.</summary>
public sealed record ResourceCommands(IReadOnlyList<string> Restart);
