namespace Cruddur.ServiceDefaults.Honeycomb;

/// <summary>
/// The Honeycomb team and environment the API key belongs to, known once the start-up check has
/// answered: what a trace page needs for an "Open in Honeycomb" link.
/// </summary>
public sealed class HoneycombAccount
{
    private volatile HoneycombSlugs? _slugs;

    public string? TeamSlug => _slugs?.Team;

    public string? EnvironmentSlug => _slugs?.Environment;

    /// <summary>The UI host that belongs to the API host (EU keys live on ui.eu1).</summary>
    public Uri UiBase { get; internal set; } = new("https://ui.honeycomb.io/");

    /// <summary>A link to the trace in Honeycomb, or null while the team and environment are unknown.</summary>
    public Uri? TraceLink(string traceId) => _slugs is { } slugs
        ? new Uri(UiBase, $"{Uri.EscapeDataString(slugs.Team)}/environments/{Uri.EscapeDataString(slugs.Environment)}/trace?trace_id={Uri.EscapeDataString(traceId)}")
        : null;

    internal void Set(string team, string environment) => _slugs = new HoneycombSlugs(team, environment);

    private sealed record HoneycombSlugs(string Team, string Environment);
}
