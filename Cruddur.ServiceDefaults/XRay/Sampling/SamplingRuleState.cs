namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// One rule in force: its reservoir, and for a centralized rule the statistics reported to
/// <c>SamplingTargets</c> and the target X-Ray answered (a quota of its own reservoir for a TTL,
/// a fixed rate, and when to report again). Without a live quota a centralized rule borrows one
/// request a second (if its reservoir is not empty), then applies the fixed rate.
/// </summary>
internal sealed class SamplingRuleState(SamplingRule rule, bool central, TimeProvider clock)
{
    private readonly SamplingReservoir _borrow = new(1, clock);
    private volatile SamplingTarget? _target;
    private long _requests;
    private long _sampled;
    private long _borrowed;

    public SamplingRule Rule { get; } = rule;

    public bool Central { get; } = central;

    public SamplingReservoir Reservoir { get; } = new(rule.ReservoirSize, clock);

    public SamplingTarget? Target => _target;

    public DateTimeOffset NextReport { get; set; }

    public bool ShouldSample(Func<double> random)
    {
        if (!Central)
        {
            return Reservoir.TryTake() || random() < Rule.FixedRate;
        }

        Interlocked.Increment(ref _requests);
        var target = _target;
        bool sampled;
        if (target is not null && clock.GetUtcNow() < target.QuotaExpires)
        {
            sampled = target.Quota.TryTake() || random() < target.FixedRate;
        }
        else if (Rule.ReservoirSize > 0 && _borrow.TryTake())
        {
            Interlocked.Increment(ref _borrowed);
            sampled = true;
        }
        else
        {
            sampled = random() < (target?.FixedRate ?? Rule.FixedRate);
        }

        if (sampled)
        {
            Interlocked.Increment(ref _sampled);
        }

        return sampled;
    }

    /// <summary>The counts since the last report, reset to zero.</summary>
    public (long Requests, long Sampled, long Borrowed) TakeStatistics() =>
        (Interlocked.Exchange(ref _requests, 0), Interlocked.Exchange(ref _sampled, 0), Interlocked.Exchange(ref _borrowed, 0));

    public void Apply(SamplingTarget target, TimeSpan interval)
    {
        _target = target;
        NextReport = clock.GetUtcNow() + interval;
    }

    /// <summary>Keeps what X-Ray said about the same rule when the rules are fetched again.</summary>
    public void CarryOver(SamplingRuleState previous)
    {
        _target = previous._target;
        NextReport = previous.NextReport;
    }
}

/// <summary>What <c>SamplingTargets</c> answered for a rule.</summary>
internal sealed record SamplingTarget(double FixedRate, SamplingReservoir Quota, DateTimeOffset QuotaExpires);
