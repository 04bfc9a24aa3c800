using Cruddur.AppHost.Hosting;
using Cruddur.Dashboard.Otlp;
using Cruddur.Tests.Dashboard;

namespace Cruddur.Tests.AppHost;

/// <summary>The line the AppHost prints on stop, read from a real dashboard (or from none).</summary>
public sealed class SpendSummaryTests
{
    private static SpendSummary Summary(int port, string apiKey)
    {
        var builder = new DistributedApplicationBuilder([], new Dictionary<string, string?> { ["Parameters:dashboard-api-key"] = apiKey });
        var dashboard = builder.AddProject("dashboard", "Cruddur.Dashboard").WithHttpEndpoint(port: port)
            .WithSpendSummary(builder.AddParameter("dashboard-api-key", secret: true));
        dashboard.Resource.GetEndpoint().AllocatedPort = port;
        return builder.SpendSummary!;
    }

    [Fact]
    public async Task ReadAsync_DashboardUp_OneLineWithTheRunAndAMonth()
    {
        await using var server = await DashboardServer.StartAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(-60);
        server.Service<OtlpConverter>().Accept(OtlpSamples.Metrics("cruddur-api",
            OtlpSamples.CumulativeCounter("cruddur.honeycomb.events.sent", start, (start.AddSeconds(59), 12_340)),
            OtlpSamples.CumulativeCounter("cruddur.cloudwatch.bytes.sent", start, (start.AddSeconds(59), 3_250_586)),
            OtlpSamples.CumulativeCounter("cruddur.rollbar.items.sent", start, (start.AddSeconds(59), 2))));

        var line = await Summary(server.FrontendUrl.Port, DashboardServer.ApiKey).ReadAsync();

        Assert.StartsWith("Spend: this run: 12,340 Honeycomb events, 0 X-Ray traces, 3.1 MB CloudWatch, 2 Rollbar items; at this rate a month is ", line, StringComparison.Ordinal);
        Assert.Matches(@"a month is [\d,]+ Honeycomb events \([\d.]+ % of free tier\), 0 X-Ray traces \(0 % of free tier\), [\d.]+ GB CloudWatch \([\d.]+ % of free tier\), [\d,]+ Rollbar items \([\d.]+ % of free tier\)$", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task ReadAsync_DashboardDown_OneLineSayingSo()
    {
        var line = await Summary(PortAllocator.FreePort(), DashboardServer.ApiKey).ReadAsync();

        Assert.StartsWith("Spend: no summary (the dashboard is unreachable", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WrongKey_OneLineWithTheStatus_AndNoKey()
    {
        await using var server = await DashboardServer.StartAsync();

        var line = await Summary(server.FrontendUrl.Port, "not-the-dashboard-key").ReadAsync();

        Assert.Equal("Spend: no summary (the dashboard answered 401).", line);
    }
}
