using System.Net.Http.Json;
using System.Text.Json;
using Cruddur.ServiceDefaults.Telemetry;
using OpenTelemetry;

namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// Fetches the account's sampling rules through the daemon's TCP proxy (<c>POST /GetSamplingRules</c>)
/// at start and then on an interval, and swaps them in; while the daemon does not answer,
/// the local file's rules stay in force. While central rules are in force, every 10 s it reports
/// each due rule's statistics to <c>POST /SamplingTargets</c> and applies the targets X-Ray answers
/// (fixed rate, reservoir quota and its TTL, the next report's interval).
/// </summary>
public sealed class CentralSamplingRules : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TargetsInterval = TimeSpan.FromSeconds(10);
    public const int MaxStatisticsPerCall = 25;

    private readonly SamplingRules _rules;
    private readonly IReadOnlyList<SamplingRule> _local;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Uri _targetsEndpoint;
    private readonly Timer _timer;
    private readonly Timer _targetsTimer;
    private int _running;
    private int _reporting;
    private double _fetchedAt;

    /// <param name="targetsInterval">How often statistics are reported; <see cref="TargetsInterval"/> unless given (tests turn it off).</param>
    public CentralSamplingRules(SamplingRules rules, XRayEndpoint daemon, TimeSpan interval, TimeSpan? targetsInterval = null)
    {
        _rules = rules;
        _local = rules.Rules;
        _http = SinkHttpClient.Create(TimeSpan.FromSeconds(5));
        _endpoint = new Uri($"http://{daemon}/GetSamplingRules");
        _targetsEndpoint = new Uri($"http://{daemon}/SamplingTargets");
        _timer = new Timer(_ => _ = RefreshAsync(), null, TimeSpan.Zero, interval);
        _targetsTimer = new Timer(_ => _ = ReportAsync(), null, targetsInterval ?? TargetsInterval, targetsInterval ?? TargetsInterval);
    }

    /// <summary>This process in the statistics: 24 hex digits, fixed for its lifetime.</summary>
    public string ClientId { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    /// <summary>True once centralized rules are in force.</summary>
    public bool IsCentral { get; private set; }

    public async Task<bool> RefreshAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return false;
        }

        try
        {
            // The poll itself is not part of any trace.
            using var quiet = SuppressInstrumentationScope.Begin();
            var fetched = new List<SamplingRule>();
            string? nextToken = null;
            do
            {
                using var response = await _http.PostAsJsonAsync(_endpoint,
                    nextToken is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["NextToken"] = nextToken });
                if (!response.IsSuccessStatusCode)
                {
                    return Fallback();
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                fetched.AddRange(Read(json.RootElement));
                nextToken = json.RootElement.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String
                    ? token.GetString()
                    : null;
            }
            while (nextToken is not null && fetched.Count < 1000);

            _rules.Replace(fetched, central: true);
            Volatile.Write(ref _fetchedAt, _rules.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
            IsCentral = true;
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return Fallback();
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
        }
    }

    /// <summary>Reports the due rules' statistics and applies the targets; false when nothing was reported.</summary>
    public async Task<bool> ReportAsync()
    {
        if (!IsCentral || Interlocked.Exchange(ref _reporting, 1) == 1)
        {
            return false;
        }

        try
        {
            using var quiet = SuppressInstrumentationScope.Begin();
            var statistics = _rules.TakeDueStatistics();
            if (statistics.Count == 0)
            {
                return false;
            }

            var now = _rules.Clock.GetUtcNow();
            var refresh = false;
            foreach (var chunk in statistics.Chunk(MaxStatisticsPerCall))
            {
                var body = new Dictionary<string, object>
                {
                    ["SamplingStatisticsDocuments"] = chunk.Select(rule => new Dictionary<string, object>
                    {
                        ["RuleName"] = rule.RuleName,
                        ["ClientID"] = ClientId,
                        ["Timestamp"] = now.ToUnixTimeMilliseconds() / 1000.0,
                        ["RequestCount"] = rule.Requests,
                        ["SampledCount"] = rule.Sampled,
                        ["BorrowCount"] = rule.Borrowed,
                    }).ToList(),
                };
                using var response = await _http.PostAsJsonAsync(_targetsEndpoint, body);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                refresh |= ApplyTargets(json.RootElement);
            }

            if (refresh)
            {
                // X-Ray says the rules changed since they were fetched.
                _ = RefreshAsync();
            }

            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
        finally
        {
            Interlocked.Exchange(ref _reporting, 0);
        }
    }

    public void Dispose()
    {
        _targetsTimer.Dispose();
        _timer.Dispose();
        _http.Dispose();
    }

    /// <summary>The rules a service can apply: version 1, any resource, no attribute conditions, valid ranges.</summary>
    internal static IEnumerable<SamplingRule> Read(JsonElement reply)
    {
        if (!reply.TryGetProperty("SamplingRuleRecords", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var record in records.EnumerateArray())
        {
            if (!record.TryGetProperty("SamplingRule", out var element))
            {
                continue;
            }

            SamplingRule? rule;
            try
            {
                rule = element.Deserialize<SamplingRule>();
            }
            catch (JsonException)
            {
                continue;
            }

            var conditional = element.TryGetProperty("Attributes", out var attributes)
                && attributes.ValueKind == JsonValueKind.Object && attributes.EnumerateObject().Any();
            if (rule is not null && rule.ResourceArn == "*" && !conditional && rule.Problems().Count == 0)
            {
                yield return rule;
            }
        }
    }

    /// <summary>Applies each valid target; true when X-Ray's rules changed after the last fetch.</summary>
    private bool ApplyTargets(JsonElement reply)
    {
        if (reply.TryGetProperty("SamplingTargetDocuments", out var targets) && targets.ValueKind == JsonValueKind.Array)
        {
            foreach (var target in targets.EnumerateArray())
            {
                if (target.ValueKind != JsonValueKind.Object
                    || !target.TryGetProperty("RuleName", out var name) || name.ValueKind != JsonValueKind.String
                    || !target.TryGetProperty("FixedRate", out var rate) || !rate.TryGetDouble(out var fixedRate) || fixedRate is < 0 or > 1)
                {
                    continue;
                }

                int? quota = target.TryGetProperty("ReservoirQuota", out var q) && q.TryGetInt32(out var quotaValue) && quotaValue >= 0 ? quotaValue : null;
                DateTimeOffset? expires = target.TryGetProperty("ReservoirQuotaTTL", out var ttl) && ttl.TryGetDouble(out var ttlSeconds)
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)(ttlSeconds * 1000))
                    : null;
                var interval = target.TryGetProperty("Interval", out var i) && i.TryGetInt32(out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : TargetsInterval;
                _rules.ApplyTarget(name.GetString()!, fixedRate, quota, expires, interval);
            }
        }

        var changed = reply.TryGetProperty("LastRuleModification", out var modified) && modified.TryGetDouble(out var modifiedAt)
            && modifiedAt > Volatile.Read(ref _fetchedAt);
        return changed;
    }

    private bool Fallback()
    {
        if (IsCentral)
        {
            _rules.Replace(_local);
            IsCentral = false;
        }

        return false;
    }
}
