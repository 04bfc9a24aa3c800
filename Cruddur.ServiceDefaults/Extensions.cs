using Cruddur.ServiceDefaults.CloudWatch;
using Cruddur.ServiceDefaults.Honeycomb;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.ServiceDefaults.XRay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The whole telemetry and health setup of a Cruddur service: one call in Program.cs,
/// the way .NET Aspire's ServiceDefaults project works.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // X-Ray-compatible trace ids and X-Amzn-Trace-Id beside traceparent, before any activity exists.
        builder.AddXRayPropagation();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.AddRollbar();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var resource = ServiceResource.Create(configuration, builder.Environment);
        var otlp = OtlpSettings.FromConfiguration(configuration);
        var sinks = SinkReport.For(builder);
        builder.Services.AddSingleton(resource);
        if (otlp.Traces is { } traces)
        {
            sinks.On("OTLP", traces.ToString());
        }
        else
        {
            sinks.Off("OTLP", $"{OtlpSettings.EndpointSetting} is not set");
        }

        // Console and other providers stamp every log line with the current trace and span.
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(resource.CreateResourceBuilder());
            otlp.AddLogExporter(logging);
        });
        builder.AddCloudWatchLogs(sinks);
        builder.AddHoneycombAuthCheck();

        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource.CreateResourceBuilder())
                .AddSource(TelemetrySources.AspNetCore, TelemetrySources.HttpClient, TelemetrySources.Cruddur)
                .AddProcessor(new ProbeSpanFilter());
            otlp.AddTraceExporter(tracing);
            tracing.AddHoneycomb(configuration, resource, sinks);
            tracing.AddXRay(configuration, resource, sinks);
            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource.CreateResourceBuilder())
                .AddMeter(TelemetrySources.Meters);
            otlp.AddMetricExporter(metrics);
            return metrics.Build();
        });

        // Starts the providers before the server accepts requests and flushes them after it
        // has drained, so the last spans of a graceful shutdown are exported.
        builder.Services.AddHostedService<TelemetryLifetime>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestTelemetryStartupFilter>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // /health: every check must pass before the service takes traffic (readiness).
        app.MapHealthChecks(HealthEndpointPath);
        // /alive: only the "live" checks, so a slow dependency does not get the process restarted.
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        });
        return app;
    }
}
