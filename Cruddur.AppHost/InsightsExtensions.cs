using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cruddur.AppHost;

/// <summary>
/// Cruddur.Insights: the analyses the Aspire dashboard lacks, fed by the dashboard's own telemetry API.
/// Nothing waits for it; it follows the dashboard whenever both run.
/// </summary>
internal static class InsightsExtensions
{
    public const string SpendCommand = "spend-summary";
    private const string ApiKeyHeader = "x-api-key";

    public static IResourceBuilder<ProjectResource> AddInsights(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource> otlpApiKey)
    {
        // Fresh for every run unless set under Parameters: the JSON API's key and the login link's token.
        var apiKey = builder.AddGeneratedSecret("insights-api-key");
        var browserToken = builder.AddGeneratedSecret("insights-browser-token");
        var configuration = builder.Configuration;
        var insights = builder.AddProject<Projects.Cruddur_Insights>(name)
            .WithDirectHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Insights__ApiKey", apiKey)
            .WithEnvironment("Insights__BrowserToken", browserToken)
            .WithEnvironment("Insights__Otlp__ApiKey", otlpApiKey)
            .WithEnvironment(context =>
            {
                // The dashboard joins the model only when the AppHost starts (and not at all without one).
                if (context.ExecutionContext.Services.GetRequiredService<DistributedApplicationModel>().Resources
                        .OfType<IResourceWithEndpoints>().FirstOrDefault(resource => resource.Name == "aspire-dashboard") is { } dashboard)
                {
                    context.EnvironmentVariables["Insights__Dashboard__Url"] = dashboard.GetEndpoint("http");
                    context.EnvironmentVariables["Insights__Dashboard__ApiKey"] = configuration["AppHost:DashboardApiKey"] ?? "";
                }
            })
            .WithUrlForEndpoint("http", url => url.DisplayText = "Insights")
            .WithUrls(async context =>
            {
                // The Resources page's link signs the browser in.
                var token = await browserToken.Resource.GetValueAsync(context.CancellationToken);
                foreach (var url in context.Urls.Where(url => url.Endpoint?.EndpointName == "http"))
                {
                    url.Url = $"{url.Url.TrimEnd('/')}/login?t={token}";
                }
            })
            .WithHttpCommand("/api/spend/markdown", "Spend summary", endpointName: "http", commandName: SpendCommand, commandOptions: new HttpCommandOptions
            {
                Method = HttpMethod.Get,
                Description = "This run's volume per sink and a month at its rate, against each free tier.",
                IconName = "Money",
                PrepareRequest = async context =>
                {
                    context.Request.Headers.Add(ApiKeyHeader, await apiKey.Resource.GetValueAsync(context.CancellationToken));
                    context.Request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));
                },
                GetCommandResult = async context => context.Response.IsSuccessStatusCode
                    ? CommandResults.Success("Spend summary", await context.Response.Content.ReadAsStringAsync(context.CancellationToken), CommandResultFormat.Markdown)
                    : CommandResults.Failure($"Insights answered {(int)context.Response.StatusCode}."),
            });

        builder.Services.AddSingleton<IHostedService>(services => new SpendSummaryOnStop(
            insights.Resource, apiKey.Resource, services.GetRequiredService<ILogger<SpendSummaryOnStop>>()));
        return insights;
    }

    /// <summary>Sends the service's <c>Cruddur.Telemetry</c> sink counters to Insights, for its Spend page.</summary>
    public static IResourceBuilder<T> WithInsights<T>(this IResourceBuilder<T> service, IResourceBuilder<ProjectResource> insights,
        IResourceBuilder<ParameterResource> otlpApiKey)
        where T : IResourceWithEnvironment =>
        service
            .WithEnvironment("Insights__Endpoint", insights.GetEndpoint("http"))
            .WithEnvironment("Insights__OtlpApiKey", otlpApiKey)
            .WithReferenceRelationship(insights);
}
