using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// <c>aws/json/xray.json</c>: <c>{"SamplingRule": {...}}</c>, the input of
/// <c>aws xray create-sampling-rule --cli-input-json</c>.
/// </summary>
public sealed record SamplingRuleFile([property: JsonPropertyName("SamplingRule")] SamplingRule? SamplingRule)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Reads and validates the rule; a broken file fails with its path and the problem.</summary>
    public static SamplingRule Load(string path)
    {
        SamplingRuleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SamplingRuleFile>(File.ReadAllText(path), Options);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Sampling rule file '{path}' is not valid: {exception.Message}", exception);
        }

        var rule = file?.SamplingRule ?? throw new InvalidOperationException($"Sampling rule file '{path}' has no SamplingRule.");
        var problems = rule.Problems();
        return problems.Count == 0
            ? rule
            : throw new InvalidOperationException($"Sampling rule file '{path}': {string.Join("; ", problems)}.");
    }
}
