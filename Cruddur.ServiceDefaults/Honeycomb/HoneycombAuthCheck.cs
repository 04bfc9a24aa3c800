using System.Net;
using System.Text.Json;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Honeycomb;

/// <summary>
/// Asks Honeycomb's <c>/1/auth</c> in the background at start-up whose key this is, and says so
/// ("Honeycomb: team X, environment Y"), or says clearly that the key was rejected. Never logs the key.
/// </summary>
internal sealed partial class HoneycombAuthCheck(HoneycombAccount account, HoneycombSettings settings, ILogger<HoneycombAuthCheck> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _check = Task.CompletedTask;

    /// <summary>Completes when the check has answered (tests wait on it).</summary>
    public Task Completion => _check;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _check = Task.Run(() => CheckAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _check.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task CheckAsync(CancellationToken stopping)
    {
        using var http = SinkHttpClient.Create(TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.Endpoint, "1/auth"));
        request.Headers.TryAddWithoutValidation("X-Honeycomb-Team", settings.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, stopping);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                LogRejected(logger, settings.Endpoint.GetLeftPart(UriPartial.Authority), HoneycombExtensions.ApiKeySetting);
                return;
            }

            if (!response.IsSuccessStatusCode)
            {
                LogUnexpected(logger, (int)response.StatusCode);
                return;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(stopping));
            var team = json.RootElement.GetProperty("team");
            var environment = json.RootElement.TryGetProperty("environment", out var found) ? found : default;
            var teamSlug = team.GetProperty("slug").GetString() ?? "";
            var environmentSlug = environment.ValueKind == JsonValueKind.Object ? environment.GetProperty("slug").GetString() ?? "" : "";
            account.Set(teamSlug, environmentSlug);
            LogAccount(logger, team.TryGetProperty("name", out var teamName) ? teamName.GetString() ?? teamSlug : teamSlug,
                environment.ValueKind == JsonValueKind.Object && environment.TryGetProperty("name", out var environmentName)
                    ? environmentName.GetString() ?? environmentSlug : environmentSlug);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped before Honeycomb answered: nothing to say.
            return;
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException or JsonException
            or KeyNotFoundException or InvalidOperationException)
        {
            LogUnreachable(logger, settings.Endpoint.GetLeftPart(UriPartial.Authority), failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Honeycomb: team {Team}, environment {Environment}")]
    private static partial void LogAccount(ILogger logger, string team, string environment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Honeycomb rejected the API key (401 from {Endpoint}/1/auth): check {Setting}; no traces will be accepted")]
    private static partial void LogRejected(ILogger logger, string endpoint, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Honeycomb: the key check answered {Status}")]
    private static partial void LogUnexpected(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Honeycomb: could not check the API key at {Endpoint}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string reason);
}
