using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>
/// A local X-Ray API enforcing what AWS enforces on the daemon's calls: a SigV4 Authorization
/// header for service xray with X-Amz-Date, PutTraceSegments bodies of 1 to 50 documents, and
/// SamplingTargets bodies of 1 to 25 statistics documents (RuleName 1-64, ClientID 24 hex,
/// Timestamp, counts ≥ 0 with SampledCount and BorrowCount ≤ RequestCount).
/// </summary>
internal sealed partial class FakeXRay : IAsyncDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string Region = "us-east-1";
    // Takes nothing: a service that applies it sends X-Ray no trace at all.
    public const string SamplingRulesReply = """{"SamplingRuleRecords":[{"SamplingRule":{"RuleName":"Central","RuleARN":"arn:aws:xray:us-east-1:123456789012:sampling-rule/Central","ResourceARN":"*","Priority":1,"FixedRate":0.0,"ReservoirSize":0,"ServiceName":"*","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{}},"CreatedAt":1.7E9,"ModifiedAt":1.7E9}]}""";

    private readonly WebApplication _app;
    private int _throttleRemaining;

    private FakeXRay(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<IReadOnlyList<string>> Batches { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<string> ProxiedPaths { get; } = new();

    /// <summary>What GetSamplingRules answers.</summary>
    public string RulesReply { get; set; } = SamplingRulesReply;

    /// <summary>Every statistics document SamplingTargets accepted.</summary>
    public ConcurrentQueue<JsonElement> Statistics { get; } = new();

    /// <summary>The SamplingTargetDocuments the next SamplingTargets calls answer.</summary>
    public string TargetsReply { get; set; } = """{"SamplingTargetDocuments":[],"LastRuleModification":1.7E9,"UnprocessedStatistics":[]}""";

    public int Calls;

    public static async Task<FakeXRay> StartAsync(CancellationToken cancellationToken, int throttleFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeXRay(app) { _throttleRemaining = throttleFirst };
        app.MapPost("/TraceSegments", (Delegate)fake.PutTraceSegmentsAsync);
        app.MapPost("/GetSamplingRules", (HttpContext context) =>
        {
            fake.ProxiedPaths.Enqueue(context.Request.Path);
            return fake.CheckSignature(context.Request) is { } problem ? Error(403, "InvalidSignatureException", problem)
                : Results.Text(fake.RulesReply, "application/json");
        });
        app.MapPost("/SamplingTargets", (Delegate)fake.SamplingTargetsAsync);
        await app.StartAsync(cancellationToken);
        fake.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return fake;
    }


    public IReadOnlyList<string> Documents => [.. Batches.SelectMany(batch => batch)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task<IResult> PutTraceSegmentsAsync(HttpContext context)
    {
        Interlocked.Increment(ref Calls);
        if (CheckSignature(context.Request) is { } problem)
        {
            Violations.Enqueue(problem);
            return Error(403, "InvalidSignatureException", problem);
        }

        if (Interlocked.Decrement(ref _throttleRemaining) >= 0)
        {
            return Error(429, "ThrottledException", "Rate exceeded");
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (!body.RootElement.TryGetProperty("TraceSegmentDocuments", out var documents) || documents.ValueKind != JsonValueKind.Array
            || documents.GetArrayLength() is < 1 or > 50 || documents.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
        {
            Violations.Enqueue("body is not 1 to 50 TraceSegmentDocuments strings");
            return Error(400, "InvalidRequestException", "TraceSegmentDocuments must hold 1 to 50 strings");
        }

        var batch = documents.EnumerateArray().Select(d => d.GetString()!).ToList();
        Batches.Enqueue(batch);
        var unprocessed = batch.Where(d => d.Contains("\"unprocessable\"", StringComparison.Ordinal))
            .Select(d => new Dictionary<string, string?>
            {
                ["Id"] = JsonDocument.Parse(d).RootElement.GetProperty("id").GetString(),
                ["ErrorCode"] = "InvalidSegment",
                ["Message"] = "test",
            }).ToList();
        return Results.Json(new Dictionary<string, object> { ["UnprocessedTraceSegments"] = unprocessed });
    }

    private async Task<IResult> SamplingTargetsAsync(HttpContext context)
    {
        ProxiedPaths.Enqueue(context.Request.Path);
        if (CheckSignature(context.Request) is { } problem)
        {
            Violations.Enqueue(problem);
            return Error(403, "InvalidSignatureException", problem);
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (!body.RootElement.TryGetProperty("SamplingStatisticsDocuments", out var documents) || documents.ValueKind != JsonValueKind.Array
            || documents.GetArrayLength() is < 1 or > 25)
        {
            Violations.Enqueue("SamplingStatisticsDocuments must hold 1 to 25 documents");
            return Error(400, "InvalidRequestException", "SamplingStatisticsDocuments must hold 1 to 25 documents");
        }

        foreach (var document in documents.EnumerateArray())
        {
            if (StatisticsProblem(document) is { } invalid)
            {
                Violations.Enqueue(invalid);
                return Error(400, "InvalidRequestException", invalid);
            }

            Statistics.Enqueue(document.Clone());
        }

        return Results.Text(TargetsReply, "application/json");
    }

    private static string? StatisticsProblem(JsonElement document)
    {
        long Count(string name) =>
            document.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0 ? count : -1;

        if (!document.TryGetProperty("RuleName", out var rule) || rule.ValueKind != JsonValueKind.String || rule.GetString()!.Length is < 1 or > 64)
        {
            return "RuleName must be 1 to 64 characters";
        }

        if (!document.TryGetProperty("ClientID", out var client) || client.ValueKind != JsonValueKind.String
            || client.GetString() is not { Length: 24 } id || !id.All(char.IsAsciiHexDigit))
        {
            return "ClientID must be 24 hexadecimal digits";
        }

        if (!document.TryGetProperty("Timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number)
        {
            return "Timestamp must be epoch seconds";
        }

        var (requests, sampled, borrowed) = (Count("RequestCount"), Count("SampledCount"), Count("BorrowCount"));
        return requests < 0 || sampled < 0 || borrowed < 0 ? "RequestCount, SampledCount and BorrowCount must be whole numbers ≥ 0"
            : sampled > requests || borrowed > requests ? "SampledCount and BorrowCount cannot exceed RequestCount"
            : null;
    }

    private string? CheckSignature(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = Authorization().Match(authorization);
        if (!match.Success)
        {
            return $"Authorization '{authorization}' is not SigV4 for xray";
        }

        var date = request.Headers["X-Amz-Date"].ToString();
        if (!AmzDate().IsMatch(date) || date[..8] != match.Groups["date"].Value)
        {
            return $"X-Amz-Date '{date}' is missing or does not match the credential scope";
        }

        var signed = match.Groups["headers"].Value.Split(';');
        return signed.Contains("host") && signed.Contains("x-amz-date") ? null : "SignedHeaders must include host and x-amz-date";
    }

    private static IResult Error(int status, string type, string message) =>
        Results.Json(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }, statusCode: status);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(?<date>\d{8})/us-east-1/xray/aws4_request, SignedHeaders=(?<headers>[a-z0-9\-;]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex Authorization();

    [GeneratedRegex(@"^\d{8}T\d{6}Z$")]
    private static partial Regex AmzDate();
}
