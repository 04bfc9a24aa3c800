using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry;

namespace Cruddur.ServiceDefaults.XRay.Sampling;

/// <summary>
/// Fetches the account's sampling rules through the daemon's TCP proxy (<c>POST /GetSamplingRules</c>)
/// at start and then on an interval, and swaps them in; while the daemon does not answer,
/// the local file's rules stay in force.
/// </summary>
public sealed class CentralSamplingRules : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);

    private readonly SamplingRules _rules;
    private readonly IReadOnlyList<SamplingRule> _local;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Timer _timer;
    private int _running;

    public CentralSamplingRules(SamplingRules rules, XRayEndpoint daemon, TimeSpan interval)
    {
        _rules = rules;
        _local = [.. rules.Rules.Where(rule => !ReferenceEquals(rule, SamplingRule.Default))];
        _http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(5) };
        _endpoint = new Uri($"http://{daemon}/GetSamplingRules");
        _timer = new Timer(_ => _ = RefreshAsync(), null, TimeSpan.Zero, interval);
    }

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

            _rules.Replace(fetched);
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

    public void Dispose()
    {
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
