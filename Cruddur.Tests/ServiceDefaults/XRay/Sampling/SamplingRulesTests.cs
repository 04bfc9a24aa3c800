using Cruddur.ServiceDefaults.XRay.Sampling;

namespace Cruddur.Tests.ServiceDefaults.XRay.Sampling;

public sealed class SamplingRulesTests
{
    private static readonly SamplingRule Cruddur = new()
    {
        RuleName = "Cruddur",
        Priority = 9000,
        FixedRate = 0.1,
        ReservoirSize = 5,
        ServiceName = "gateway",
    };

    [Fact]
    public void Load_RepositoryRuleFile_HasTheOriginalRule()
    {
        var rule = SamplingRuleFile.Load(Path.Combine(AppContext.BaseDirectory, "xray.json"));

        Assert.Equal(Cruddur with { }, rule);
        Assert.Empty(rule.Problems());
    }

    [Theory]
    [InlineData("""{"SamplingRule": {"RuleName": "r", "Priority": 0, "FixedRate": 0.1, "ReservoirSize": 1}}""", "Priority")]
    [InlineData("""{"SamplingRule": {"RuleName": "r", "Priority": 10000, "FixedRate": 0.1, "ReservoirSize": 1}}""", "Priority")]
    [InlineData("""{"SamplingRule": {"RuleName": "r", "Priority": 1, "FixedRate": 1.5, "ReservoirSize": 1}}""", "FixedRate")]
    [InlineData("""{"SamplingRule": {"RuleName": "r", "Priority": 1, "FixedRate": 0.1, "ReservoirSize": -1}}""", "ReservoirSize")]
    [InlineData("""{"SamplingRule": {"RuleName": "a-name-that-is-longer-than-32-chars", "Priority": 1, "FixedRate": 0.1, "ReservoirSize": 1}}""", "RuleName")]
    [InlineData("""{"SamplingRule": {"RuleName": "r", "Priority": 1, "FixedRate": 0.1, "ReservoirSize": 1, "Version": 2}}""", "Version")]
    [InlineData("""{"SamplingRule": {"RuleName": "r", "Priority": 1, "FixedRate": 0.1, "ReservoirSize": 1, "HTTPMethod": ""}}""", "HTTPMethod")]
    [InlineData("""{"SamplingRule": {"Priority": 1, "FixedRate": 0.1, "ReservoirSize": 1}}""", "RuleName")]
    [InlineData("""{"Rule": {}}""", "no SamplingRule")]
    [InlineData("""not json""", "not valid")]
    public void Load_InvalidFile_FailsNamingTheProblem(string json, string problem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"xray-rule-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => SamplingRuleFile.Load(path));

            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("gateway", "Cruddur")]
    [InlineData("api", "Default")]
    [InlineData("other", "Default")]
    public void Match_ServiceName_FirstMatchingRuleOrDefault(string service, string expected)
    {
        var rules = new SamplingRules([Cruddur], TimeProvider.System, () => 0.5);

        Assert.Equal(expected, rules.Match(new SamplingRequest(service)).RuleName);
    }

    [Fact]
    public void Match_TwoMatchingRules_LowerPriorityNumberWins()
    {
        var health = new SamplingRule { RuleName = "Health", Priority = 100, FixedRate = 0, ReservoirSize = 0, UrlPath = "/health*" };
        var rules = new SamplingRules([Cruddur, health], TimeProvider.System, () => 0.5);

        Assert.Equal("Health", rules.Match(new SamplingRequest("gateway", UrlPath: "/health")).RuleName);
        Assert.Equal("Cruddur", rules.Match(new SamplingRequest("gateway", UrlPath: "/api/activities/home")).RuleName);
        Assert.Equal(["Health", "Cruddur", "Default"], rules.Rules.Select(rule => rule.RuleName));
    }

    [Fact]
    public void ShouldSample_ReservoirThenFixedRate_PerSecond()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var draw = 0.5;
        var rules = new SamplingRules([Cruddur], clock, () => draw);
        var request = new SamplingRequest("gateway");

        var first = Enumerable.Range(0, 8).Select(_ => rules.ShouldSample(request)).ToArray();
        draw = 0.05;
        var belowRate = rules.ShouldSample(request);
        draw = 0.5;
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var sameSecond = rules.ShouldSample(request);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var nextSecond = Enumerable.Range(0, 6).Select(_ => rules.ShouldSample(request)).ToArray();

        Assert.Equal([true, true, true, true, true, false, false, false], first);
        Assert.True(belowRate);
        Assert.False(sameSecond);
        Assert.Equal([true, true, true, true, true, false], nextSecond);
    }

    [Fact]
    public void ShouldSample_NoRuleMatches_DefaultOnePerSecondThenFivePercent()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var draw = 0.06;
        var rules = new SamplingRules([Cruddur], clock, () => draw);
        var request = new SamplingRequest("someone-else");

        var first = rules.ShouldSample(request);
        var second = rules.ShouldSample(request);
        draw = 0.04;
        var lucky = rules.ShouldSample(request);

        Assert.True(first);
        Assert.False(second);
        Assert.True(lucky);
    }

    [Fact]
    public void ShouldSample_TenThousandRequestsOverHundredSeconds_WithinBoundsOfRule()
    {
        // 100 requests a second for 100 s: 5 a second from the reservoir, then 10 % of the other 95.
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var random = new Random(20261121);
        var rules = new SamplingRules([Cruddur], clock, random.NextDouble);
        var request = new SamplingRequest("gateway", HttpMethod: "GET", UrlPath: "/api/activities/home");
        var sampled = 0;

        for (var i = 0; i < 10_000; i++)
        {
            clock.Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000).AddMilliseconds(i * 10);
            sampled += rules.ShouldSample(request) ? 1 : 0;
        }

        // Expected 500 + 9500 × 0.1 = 1450; binomial σ ≈ 29, so ±5σ.
        Assert.InRange(sampled, 1450 - 146, 1450 + 146);
    }

    [Fact]
    public void CentralDefaultRule_DecidesUnmatchedRequests_IsReportedAndTakesTargets_LocalDefaultBackAfterFallback()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var rules = new SamplingRules([Cruddur], clock, () => 0.5);
        var unmatched = new SamplingRequest("someone-else");
        // The account turned its Default rule off (no reservoir, rate 0); X-Ray lists it first here.
        var accountDefault = SamplingRule.Default with { FixedRate = 0, ReservoirSize = 0 };
        rules.Replace([accountDefault, Cruddur], central: true);

        Assert.Equal(["Cruddur", "Default"], rules.Rules.Select(rule => rule.RuleName));
        Assert.Same(accountDefault, rules.Match(unmatched));
        var decisions = Enumerable.Range(0, 3).Select(_ => rules.ShouldSample(unmatched)).ToList();
        var statistics = rules.TakeDueStatistics();

        Assert.Equal([false, false, false], decisions);
        Assert.Contains(("Default", 3L, 0L, 0L), statistics);
        Assert.Contains(("Cruddur", 0L, 0L, 0L), statistics);

        rules.ApplyTarget("Default", fixedRate: 1.0, reservoirQuota: null, quotaExpires: null, TimeSpan.FromSeconds(10));
        Assert.True(rules.ShouldSample(unmatched)); // the target's rate, 100 %

        rules.Replace([Cruddur]); // the daemon stopped answering: the local rules and X-Ray's built-in default
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(SamplingRule.Default, rules.Match(unmatched));
        Assert.Equal([true, false], Enumerable.Range(0, 2).Select(_ => rules.ShouldSample(unmatched)));
    }

    [Fact]
    public void DefaultPriority_OnlyForTheRuleNamedDefault()
    {
        Assert.Empty(SamplingRule.Default.Problems());
        Assert.Contains("Priority must be 1 to 9999", (SamplingRule.Default with { RuleName = "Other" }).Problems());
        Assert.False((SamplingRule.Default with { Priority = 9999 }).IsDefault);
    }

    [Fact]
    public void FromFile_MissingFile_OnlyDefaultRule()
    {
        var rules = SamplingRules.FromFile(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.json"), TimeProvider.System, () => 0.5);

        Assert.Equal(["Default"], rules.Rules.Select(rule => rule.RuleName));
    }
}
