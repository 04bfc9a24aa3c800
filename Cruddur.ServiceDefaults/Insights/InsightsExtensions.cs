using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cruddur.ServiceDefaults.Insights;

/// <summary>
/// Cruddur.Insights: the <c>Cruddur.Telemetry</c> meter alone, also exported to Insights' <c>/v1/metrics</c>
/// (its Spend view needs what each sink sent, dropped and rejected), on when <c>Insights:Endpoint</c> is set.
/// </summary>
internal static class InsightsExtensions
{
    public const string SinkName = "Insights";
    public const string EndpointSetting = "Insights:Endpoint";
    public const string OtlpApiKeySetting = "Insights:OtlpApiKey";

    public static TBuilder AddInsightsMetrics<TBuilder>(this TBuilder builder, SinkReport sinks) where TBuilder : IHostApplicationBuilder
    {
        if (InsightsSettings.FromConfiguration(builder.Configuration) is not { } settings)
        {
            sinks.Off(SinkName, $"{EndpointSetting} is not set");
            return builder;
        }

        builder.Services.AddSingleton(settings);
        // Registered before the sinks' own stop hooks, so it stops after them and its last export has their counts.
        builder.Services.AddHostedService<InsightsMetricsExport>();
        sinks.On(SinkName, $"{SinkMeter.Name} metrics to {settings.MetricsEndpoint} every {InsightsMetricsExport.Interval.TotalSeconds:0} s" +
            (settings.OtlpApiKey is null ? "" : " with its OTLP API key"));
        return builder;
    }
}
