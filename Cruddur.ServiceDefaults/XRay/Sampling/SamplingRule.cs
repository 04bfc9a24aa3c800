using System.Text.Json.Serialization;

namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// One X-Ray sampling rule, with the field names of <c>aws xray create-sampling-rule</c>.
/// A request matches when every string pattern matches (<c>*</c>, <c>?</c>, case-insensitive).
/// </summary>
public sealed record SamplingRule
{
    public required string RuleName { get; init; }

    [JsonPropertyName("ResourceARN")]
    public string ResourceArn { get; init; } = "*";

    public required int Priority { get; init; }

    public required double FixedRate { get; init; }

    public required int ReservoirSize { get; init; }

    public string ServiceName { get; init; } = "*";

    public string ServiceType { get; init; } = "*";

    public string Host { get; init; } = "*";

    [JsonPropertyName("HTTPMethod")]
    public string HttpMethod { get; init; } = "*";

    [JsonPropertyName("URLPath")]
    public string UrlPath { get; init; } = "*";

    public int Version { get; init; } = 1;

    /// <summary>X-Ray's own default: one request a second, then 5 %.</summary>
    public static SamplingRule Default { get; } = new()
    {
        RuleName = DefaultName,
        Priority = 10000,
        FixedRate = 0.05,
        ReservoirSize = 1,
    };

    /// <summary>
    /// X-Ray's own catch-all rule as GetSamplingRules returns it (name <c>Default</c>, priority 10000,
    /// the only priority outside 1-9999): the account may change its rate and reservoir, not its matching.
    /// </summary>
    [JsonIgnore]
    public bool IsDefault => RuleName == DefaultName && Priority == Default.Priority;

    public const string DefaultName = "Default";

    public bool Matches(SamplingRequest request) =>
        Wildcard.Matches(ServiceName, request.ServiceName)
        && Wildcard.Matches(ServiceType, request.ServiceType)
        && Wildcard.Matches(Host, request.Host)
        && Wildcard.Matches(HttpMethod, request.HttpMethod)
        && Wildcard.Matches(UrlPath, request.UrlPath)
        && Wildcard.Matches(ResourceArn, request.ResourceArn);

    /// <summary>The field ranges X-Ray enforces; empty when the rule is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(RuleName) || RuleName.Length > 32)
        {
            problems.Add("RuleName must be 1 to 32 characters");
        }

        if (Priority is < 1 or > 9999 && !IsDefault)
        {
            problems.Add("Priority must be 1 to 9999");
        }

        if (FixedRate is < 0 or > 1 || double.IsNaN(FixedRate))
        {
            problems.Add("FixedRate must be 0 to 1");
        }

        if (ReservoirSize < 0)
        {
            problems.Add("ReservoirSize must be 0 or more");
        }

        if (Version != 1)
        {
            problems.Add("Version must be 1");
        }

        foreach (var (name, value, max) in new[]
        {
            ("ResourceARN", ResourceArn, 500), ("ServiceName", ServiceName, 64), ("ServiceType", ServiceType, 64),
            ("Host", Host, 64), ("HTTPMethod", HttpMethod, 10), ("URLPath", UrlPath, 128),
        })
        {
            if (string.IsNullOrEmpty(value) || value.Length > max)
            {
                problems.Add($"{name} must be 1 to {max} characters");
            }
        }

        return problems;
    }
}

/// <summary>What a sampling rule looks at.</summary>
public sealed record SamplingRequest(
    string ServiceName,
    string ServiceType = "",
    string Host = "",
    string HttpMethod = "",
    string UrlPath = "",
    string ResourceArn = "");
