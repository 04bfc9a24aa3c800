using System.Diagnostics;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay.Sampling;

namespace Cruddur.Tests.ServiceDefaults.XRay;

/// <summary>aws/json/xray.json, aws/scripts/xray-setup and aws/cfn/observability.json must say the same thing.</summary>
public sealed class AwsSetupTests
{
    private static readonly string[] RuleFields =
        ["RuleName", "ResourceARN", "Priority", "FixedRate", "ReservoirSize", "ServiceName", "ServiceType", "Host", "HTTPMethod", "URLPath", "Version"];

    private static readonly int[] RetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    [Fact]
    public void RuleFile_CliInputShape_AllFieldsWithinXRayRanges()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryFile("aws", "json", "xray.json")));

        var rule = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("SamplingRule", rule.Name);
        Assert.Equal(RuleFields.Order(), rule.Value.EnumerateObject().Select(field => field.Name).Order());
        Assert.Empty(SamplingRuleFile.Load(RepositoryFile("aws", "json", "xray.json")).Problems());
    }

    [Theory]
    [InlineData("gateway", "/api/activities/home", "Cruddur")]
    [InlineData("gateway", "/rollbar/test", "Cruddur")]
    // The api's requests come through the gateway, which decided at the root; one of its own is the default's.
    [InlineData("api", "/api/activities/home", "Default")]
    public void RuleFile_RequestOfTheAppHostsServices_MatchesTheCruddurRule(string service, string path, string expected)
    {
        var rules = SamplingRules.FromFile(RepositoryFile("aws", "json", "xray.json"), TimeProvider.System, Random.Shared.NextDouble);

        Assert.Equal(expected, rules.Match(new SamplingRequest(service, HttpMethod: "GET", UrlPath: path)).RuleName);
    }

    [Fact]
    public void Template_SamplingRule_SameValuesAsRuleFile()
    {
        using var ruleFile = JsonDocument.Parse(File.ReadAllText(RepositoryFile("aws", "json", "xray.json")));
        using var template = Template();

        var resource = Resource(template, "AWS::XRay::SamplingRule").GetProperty("Properties").GetProperty("SamplingRule");

        Assert.Equal(Normalize(ruleFile.RootElement.GetProperty("SamplingRule")), Normalize(resource));
    }

    [Fact]
    public void Template_GroupAndLogGroup_MatchScriptAndValidRetention()
    {
        using var template = Template();
        var script = File.ReadAllText(RepositoryFile("aws", "scripts", "xray-setup"));

        var group = Resource(template, "AWS::XRay::Group").GetProperty("Properties");
        var logs = Resource(template, "AWS::Logs::LogGroup").GetProperty("Properties");
        var retention = template.RootElement.GetProperty("Parameters").GetProperty(logs.GetProperty("RetentionInDays").GetProperty("Ref").GetString()!);

        Assert.Equal("2010-09-09", template.RootElement.GetProperty("AWSTemplateFormatVersion").GetString());
        Assert.Equal("Cruddur", group.GetProperty("GroupName").GetString());
        Assert.Equal("service(\"api\")", group.GetProperty("FilterExpression").GetString());
        Assert.Contains("group_name=\"Cruddur\"", script, StringComparison.Ordinal);
        Assert.Contains("filter_expression='service(\"api\")'", script, StringComparison.Ordinal);
        Assert.Equal("cruddur", logs.GetProperty("LogGroupName").GetString());
        Assert.Contains(retention.GetProperty("Default").GetInt32(), RetentionDays);
        Assert.All(retention.GetProperty("AllowedValues").EnumerateArray(), days => Assert.Contains(days.GetInt32(), RetentionDays));
    }

    [Fact]
    public async Task Script_NothingExists_CreatesGroupAndRuleFromFile()
    {
        var calls = await RunScriptAsync(exists: false);

        Assert.Contains(calls, call => call.SequenceEqual(["xray", "create-group", "--group-name", "Cruddur", "--filter-expression", "service(\"api\")"]));
        var create = Assert.Single(calls, call => call[1] == "create-sampling-rule");
        Assert.Equal("--cli-input-json", create[2]);
        Assert.StartsWith("file://", create[3], StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(RepositoryFile("aws", "json", "xray.json")), Path.GetFullPath(create[3]["file://".Length..]));
        Assert.DoesNotContain(calls, call => call[1].StartsWith("update-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Script_BothExist_UpdatesGroupAndRuleWithoutVersion()
    {
        using var ruleFile = JsonDocument.Parse(File.ReadAllText(RepositoryFile("aws", "json", "xray.json")));

        var calls = await RunScriptAsync(exists: true);

        Assert.Contains(calls, call => call.SequenceEqual(["xray", "update-group", "--group-name", "Cruddur", "--filter-expression", "service(\"api\")"]));
        var update = Assert.Single(calls, call => call[1] == "update-sampling-rule");
        using var input = JsonDocument.Parse(update[3]);
        var sent = input.RootElement.GetProperty("SamplingRuleUpdate");
        Assert.False(sent.TryGetProperty("Version", out _));
        var expected = Normalize(ruleFile.RootElement.GetProperty("SamplingRule")).Where(field => !field.StartsWith("Version=", StringComparison.Ordinal));
        Assert.Equal(expected, Normalize(sent));
        Assert.DoesNotContain(calls, call => call[1].StartsWith("create-", StringComparison.Ordinal));
    }

    private static async Task<List<string[]>> RunScriptAsync(bool exists)
    {
        var ct = TestContext.Current.CancellationToken;
        var bin = Directory.CreateTempSubdirectory("fake-aws-");
        try
        {
            var log = Path.Combine(bin.FullName, "calls.log");
            // Stands in for the AWS CLI: records each call (arguments separated by 0x1f) and answers like AWS would.
            var fake = Path.Combine(bin.FullName, "aws");
            await File.WriteAllTextAsync(fake, """
                #!/usr/bin/env bash
                printf '%s\x1f' "$@" >> "$FAKE_AWS_LOG"; printf '\n' >> "$FAKE_AWS_LOG"
                case "$1 $2" in
                  "xray get-group") [[ "$FAKE_AWS_EXISTS" == 1 ]] && echo '{"Group":{"GroupName":"Cruddur"}}' && exit 0
                                    echo 'An error occurred (InvalidRequestException) when calling the GetGroup operation: Group not found' >&2; exit 254 ;;
                  "xray get-sampling-rules") [[ "$FAKE_AWS_EXISTS" == 1 ]] && echo 1 || echo 0 ;;
                  "xray create-group"|"xray update-group"|"xray create-sampling-rule"|"xray update-sampling-rule") echo '{}' ;;
                  *) echo "fake aws: unexpected call $*" >&2; exit 2 ;;
                esac
                """.ReplaceLineEndings("\n"), ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(RepositoryFile("aws", "scripts", "xray-setup"));
            start.Environment["PATH"] = bin.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["FAKE_AWS_LOG"] = log;
            start.Environment["FAKE_AWS_EXISTS"] = exists ? "1" : "0";
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);

            Assert.True(process.ExitCode == 0, errors);
            return [.. (await File.ReadAllLinesAsync(log, ct)).Select(line => line.TrimEnd('\x1f').Split('\x1f'))];
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    private static JsonDocument Template() => JsonDocument.Parse(File.ReadAllText(RepositoryFile("aws", "cfn", "observability.json")));

    private static JsonElement Resource(JsonDocument template, string type) =>
        Assert.Single(template.RootElement.GetProperty("Resources").EnumerateObject(), resource => resource.Value.GetProperty("Type").GetString() == type).Value;

    private static IEnumerable<string> Normalize(JsonElement rule) =>
        rule.EnumerateObject().Select(field => $"{field.Name}={field.Value.GetRawText()}").Order();

    internal static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cruddur.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("Cruddur.sln not found above the test output."), .. parts]);
    }
}
