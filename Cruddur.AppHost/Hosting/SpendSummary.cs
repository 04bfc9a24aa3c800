using System.Net.Http.Json;
using System.Text.Json;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// The one-line spend summary printed when the AppHost stops: read from the dashboard's
/// <c>/api/spend</c> after the services have stopped (their last counts are flushed) and just
/// before the dashboard stops. A dashboard that does not answer in time gets one line saying so.
/// </summary>
internal sealed class SpendSummary(Resource dashboard, ParameterResource apiKey)
{
    public const string ApiKeyHeader = "x-dashboard-api-key";
    public const string Prefix = "Spend: ";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public Resource Dashboard => dashboard;

    public async Task<string> ReadAsync()
    {
        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(dashboard.GetEndpoint().Url), "/api/spend"));
            request.Headers.Add(ApiKeyHeader, apiKey.Value);
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return $"{Prefix}no summary (the dashboard answered {(int)response.StatusCode}).";
            }
            var report = await response.Content.ReadFromJsonAsync<JsonElement>();
            return report.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 } line
                ? Prefix + line
                : $"{Prefix}no summary (the dashboard's answer had none).";
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            return $"{Prefix}no summary (the dashboard is unreachable: {error.Message}).";
        }
    }
}
