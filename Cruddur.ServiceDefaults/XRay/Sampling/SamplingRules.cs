namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// X-Ray's local sampling: rules tried by ascending priority, the first match decides —
/// its reservoir for the current second first, then its fixed rate. No match: the default rule.
/// </summary>
public sealed class SamplingRules
{
    private readonly Func<double> _random;
    private readonly TimeProvider _clock;
    private volatile (SamplingRule Rule, SamplingReservoir Reservoir)[] _rules;

    public SamplingRules(IEnumerable<SamplingRule> rules, TimeProvider clock, Func<double> random)
    {
        _random = random;
        _clock = clock;
        _rules = Order(rules, clock);
    }

    /// <summary>Swaps in another rule set (the centralized rules), atomically for concurrent requests.</summary>
    public void Replace(IEnumerable<SamplingRule> rules) => _rules = Order(rules, _clock);

    private static (SamplingRule Rule, SamplingReservoir Reservoir)[] Order(IEnumerable<SamplingRule> rules, TimeProvider clock) =>
        [.. rules
            .Where(rule => rule.RuleName != SamplingRule.Default.RuleName)
            .OrderBy(rule => rule.Priority)
            .ThenBy(rule => rule.RuleName, StringComparer.Ordinal)
            .Append(SamplingRule.Default)
            .Select(rule => (rule, new SamplingReservoir(rule.ReservoirSize, clock)))];

    public IReadOnlyList<SamplingRule> Rules => [.. _rules.Select(entry => entry.Rule)];

    /// <summary>The rules of the file at <paramref name="path"/>, or only the default rule when it does not exist.</summary>
    public static SamplingRules FromFile(string path, TimeProvider clock, Func<double> random) =>
        new(File.Exists(path) ? [SamplingRuleFile.Load(path)] : [], clock, random);

    public SamplingRule Match(SamplingRequest request) => Entry(request).Rule;

    public bool ShouldSample(SamplingRequest request)
    {
        var (rule, reservoir) = Entry(request);
        return reservoir.TryTake() || _random() < rule.FixedRate;
    }

    private (SamplingRule Rule, SamplingReservoir Reservoir) Entry(SamplingRequest request) =>
        _rules.First(entry => ReferenceEquals(entry.Rule, SamplingRule.Default) || entry.Rule.Matches(request));
}
