using Cruddur.Insights.Analysis;
using Cruddur.Insights.Api;
using Cruddur.Insights.Feed;
using Cruddur.Insights.Otlp;
using Cruddur.Insights.Security;
using Cruddur.Insights.Spend;
using Cruddur.Insights.Storage;
using Cruddur.Insights.Ui;
using Cruddur.Insights.XRay;
using Cruddur.ServiceDefaults.Honeycomb;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights;

/// <summary>Builds Insights: one HTTP/1.1 listener for the UI, the JSON API, the services' metrics and the X-Ray documents.</summary>
internal static class InsightsApp
{
    public static WebApplication Create(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        var options = InsightsOptions.Load(builder.Configuration);

        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();

        // One registration a line: the span feed adds its own beside them.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TraceStore>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<SegmentDocumentStore>();
        builder.Services.AddSingleton<AttributeReader>();
        builder.Services.AddSingleton<OtlpConverter>();
        builder.Services.AddSingleton<OtlpMetricsReceiver>();
        builder.Services.AddSingleton<BrowserLogin>();
        builder.Services.AddHostedService<LoginBanner>();
        builder.AddHoneycombAuthCheck();
        builder.Services.AddSingleton<TraceLinks>();
        builder.AddSpendView();
        builder.AddDashboardFeed();

        var app = builder.Build();
        app.UseUiFiles();

        // Anonymous: what the AppHost probes.
        app.MapHealthChecks("/health");
        app.MapLogin();
        app.MapAnalysisApi();
        app.MapSpendApi();
        app.MapXRaySegments();
        app.MapOtlpMetrics();
        app.MapFeedApi();
        app.MapUi();
        return app;
    }
}
