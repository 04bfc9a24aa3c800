namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// X-Ray's local sampling: rules tried by ascending priority, the first match decides —
/// its reservoir for the current second first, then its fixed rate. No match: the default rule,
/// X-Ray's own (<see cref="SamplingRule.IsDefault"/>) when the rules include it, else one a second then 5 %.
/// </summary>
public sealed class SamplingRules
{
    private readonly Func<double> _random;
    private readonly TimeProvider _clock;
    private volatile SamplingRuleState[] _rules;

    public SamplingRules(IEnumerable<SamplingRule> rules, TimeProvider clock, Func<double> random)
    {
        _random = random;
        _clock = clock;
        _rules = Order(rules, central: false, [], clock);
    }

    internal TimeProvider Clock => _clock;

    /// <summary>Swaps in another rule set, atomically for concurrent requests; centralized rules keep their targets.</summary>
    public void Replace(IEnumerable<SamplingRule> rules, bool central = false) => _rules = Order(rules, central, _rules, _clock);

    private static SamplingRuleState[] Order(IEnumerable<SamplingRule> rules, bool central, SamplingRuleState[] previous, TimeProvider clock)
    {
        var given = rules.ToList();
        // The catch-all goes last whatever its place in the list; fetched from X-Ray, it is reported on and
        // takes targets like any centralized rule.
        var fallback = given.FirstOrDefault(rule => rule.IsDefault);
        var ordered = given
            .Where(rule => !rule.IsDefault)
            .OrderBy(rule => rule.Priority)
            .ThenBy(rule => rule.RuleName, StringComparer.Ordinal)
            .Select(rule => new SamplingRuleState(rule, central, clock))
            .Append(new SamplingRuleState(fallback ?? SamplingRule.Default, central && fallback is not null, clock))
            .ToArray();
        foreach (var state in ordered.Where(state => state.Central))
        {
            if (previous.FirstOrDefault(old => old.Central && old.Rule.RuleName == state.Rule.RuleName) is { } old)
            {
                state.CarryOver(old);
            }
        }

        return ordered;
    }

    public IReadOnlyList<SamplingRule> Rules => [.. _rules.Select(entry => entry.Rule)];

    /// <summary>The rules of the file at <paramref name="path"/>, or only the default rule when it does not exist.</summary>
    public static SamplingRules FromFile(string path, TimeProvider clock, Func<double> random) =>
        new(File.Exists(path) ? [SamplingRuleFile.Load(path)] : [], clock, random);

    public SamplingRule Match(SamplingRequest request) => Entry(request).Rule;

    public bool ShouldSample(SamplingRequest request) => Entry(request).ShouldSample(_random);

    /// <summary>The centralized rules due for a <c>SamplingTargets</c> report, with their counts (reset).</summary>
    internal IReadOnlyList<(string RuleName, long Requests, long Sampled, long Borrowed)> TakeDueStatistics()
    {
        var now = _clock.GetUtcNow();
        return [.. _rules.Where(state => state.Central && state.NextReport <= now)
            .Select(state => state.TakeStatistics() is var (requests, sampled, borrowed) ? (state.Rule.RuleName, requests, sampled, borrowed) : default)];
    }

    /// <summary>Applies what <c>SamplingTargets</c> answered for one rule; unknown rules are ignored.</summary>
    internal void ApplyTarget(string ruleName, double fixedRate, int? reservoirQuota, DateTimeOffset? quotaExpires, TimeSpan interval)
    {
        if (_rules.FirstOrDefault(state => state.Central && state.Rule.RuleName == ruleName) is not { } state)
        {
            return;
        }

        // No quota in the answer: the rule keeps borrowing (and the quota it had, if still live).
        var target = reservoirQuota is { } quota && quotaExpires is { } expires
            ? new SamplingTarget(fixedRate, new SamplingReservoir(quota, _clock), expires)
            : new SamplingTarget(fixedRate, state.Target?.Quota ?? new SamplingReservoir(0, _clock), state.Target?.QuotaExpires ?? DateTimeOffset.MinValue);
        state.Apply(target, interval);
    }

    /// <summary>The first rule that matches; the last, the catch-all, matches every request.</summary>
    private SamplingRuleState Entry(SamplingRequest request)
    {
        var rules = _rules;
        for (var i = 0; i < rules.Length - 1; i++)
        {
            if (rules[i].Rule.Matches(request))
            {
                return rules[i];
            }
        }

        return rules[^1];
    }
}
