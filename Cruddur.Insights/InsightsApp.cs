using Cruddur.Insights.Analysis;
using Cruddur.Insights.Api;
using Cruddur.Insights.Feed;
using Cruddur.Insights.Hosting;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Resources;
using Cruddur.Insights.Security;
using Cruddur.Insights.Spend;
using Cruddur.Insights.Storage;
using Cruddur.Insights.Ui;
using Cruddur.Insights.XRay;
using Cruddur.ServiceDefaults.Honeycomb;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights;

/// <summary>Builds the dashboard: three listeners, the OTLP receivers, the store, the JSON API and the UI.</summary>
internal static class InsightsApp
{
    public static WebApplication Create(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        var options = InsightsOptions.Load(builder.Configuration);

        var listeners = new InsightsListeners();
        builder.WebHost.ConfigureKestrel(kestrel => listeners.Bind(kestrel, options));
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddProblemDetails();
        builder.Services.AddCors(cors => cors.AddPolicy(OtlpEndpoints.CorsPolicy, policy =>
            policy.WithOrigins(options.Otlp.AllowedOrigins).WithMethods("POST").AllowAnyHeader()));

        builder.Services.AddSingleton<TraceStore>();
        builder.Services.AddSingleton<LogStore>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<AttributeReader>();
        builder.Services.AddSingleton<OtlpConverter>();
        builder.Services.AddSingleton<OtlpReceiver>();
        builder.Services.AddSingleton<BrowserLogin>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ResourceStore>();
        builder.AddHoneycombAuthCheck();
        builder.Services.AddSingleton<TraceLinks>();
        builder.Services.AddHostedService<LoginBanner>();
        builder.Services.AddHealthChecks();
        builder.AddSpendView();
        builder.AddDashboardFeed();

        var app = builder.Build();
        app.UseUiFiles();
        app.UseRouting();
        app.UseListenerRouting();
        app.UseCors();

        // Anonymous, on every listener: what the AppHost probes before it starts the services.
        app.MapHealthChecks("/health");
        app.MapOtlpGrpc();
        app.MapOtlpHttp();
        app.MapLogin();
        app.MapTelemetryApi();
        app.MapAnalysisApi();
        app.MapResourcesApi();
        app.MapXRaySegments();
        app.MapSpendApi();
        app.MapFeedApi();
        app.MapUi();
        return app;
    }
}
