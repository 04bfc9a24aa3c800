using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.AppHost;

/// <summary>
/// One line when the AppHost stops: the run's spend, read from Insights. Registered after Aspire's own
/// services, so it stops first, while Insights still answers.
/// </summary>
internal sealed partial class SpendSummaryOnStop(ProjectResource insights, ParameterResource apiKey, ILogger<SpendSummaryOnStop> logger)
    : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped more than once (an explicit stop, then disposal): one line per run.
        var endpoint = insights.GetEndpoint("http");
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || !endpoint.IsAllocated)
        {
            return;
        }

        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(endpoint.Url), "/api/spend"));
            request.Headers.Add("x-api-key", await apiKey.GetValueAsync(cancellationToken));
            using var response = await http.SendAsync(request, cancellationToken);
            var report = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            LogSpend(logger, report.GetProperty("summary").GetString());
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            LogNoSpend(logger, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spend: {Summary}")]
    private static partial void LogSpend(ILogger logger, string? summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spend: no summary (Insights did not answer: {Reason})")]
    private static partial void LogNoSpend(ILogger logger, string reason);
}
