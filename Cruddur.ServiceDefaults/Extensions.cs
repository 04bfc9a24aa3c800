using Cruddur.ServiceDefaults.CloudWatch;
using Cruddur.ServiceDefaults.Honeycomb;
using Cruddur.ServiceDefaults.Http;
using Cruddur.ServiceDefaults.Insights;
using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.ServiceDefaults.Telemetry;
using Cruddur.ServiceDefaults.XRay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// Adds what every Cruddur service shares: OpenTelemetry (with the Honeycomb, X-Ray, CloudWatch Logs
// and Rollbar sinks), health checks, problem-details errors, service discovery and resilience.
// The shape of the .NET Aspire ServiceDefaults project; each service calls AddServiceDefaults once.
public static class Extensions
{
    public const string HealthEndpointPath = HealthProbes.HealthPath;
    public const string AlivenessEndpointPath = HealthProbes.AlivePath;

    // Every activity source and meter the application itself defines, such as Cruddur.Api.
    private const string CruddurSources = "Cruddur.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // X-Ray-compatible trace ids and X-Amzn-Trace-Id beside traceparent, before any activity exists.
        builder.AddXRayPropagation();

        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.AddProblemDetailsErrors();

        builder.Services.AddServiceDiscovery();

        // Every IHttpClientFactory client retries, times out and breaks circuits, and resolves names such
        // as http://api. The sinks' clients are not factory clients: they keep their own retry rules.
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // Polly logs each successful attempt at Information, and the OTLP exporters' clients come from
        // the factory too: a line every few seconds. Retries and failures are Warning and above.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var service = ServiceIdentity.Create(builder.Configuration, builder.Environment);
        var sinks = SinkReport.For(builder);
        builder.Services.AddSingleton(service);
        builder.Services.AddHostedService<SinkStartupLog>();

        // The console logger stamps every line with the current trace and span too.
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => service.AddTo(resource))
            .WithMetrics(metrics =>
            {
                // ASP.NET Core's own meters: hosting, Kestrel, routing, diagnostics, rate limiting.
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(CruddurSources);
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options =>
                    {
                        // Probes every few seconds would bury the requests worth reading.
                        options.Filter = context => !HealthProbes.IsProbe(context.Request.Path);
                        options.RecordException = true;
                        options.EnrichWithHttpResponse = ServerSpanEnrichment.OnResponse;
                    })
                    .AddHttpClientInstrumentation(options =>
                        // Nor a service's own probes of others (a gateway's active health checks)
                        options.FilterHttpRequestMessage = request => !HealthProbes.IsProbe(request.RequestUri))
                    .AddSource(CruddurSources)
                    .AddHoneycomb(builder.Configuration, service, sinks)
                    .AddXRay(builder.Configuration, service, sinks);
            });

        builder.AddOpenTelemetryExporters(sinks);
        builder.AddInsightsMetrics(sinks);
        builder.AddCloudWatchLogs(sinks);
        builder.AddHoneycombAuthCheck();

        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder, SinkReport sinks) where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        string? SignalEndpoint(string signal) => configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"] is { Length: > 0 } specific
            ? specific
            : string.IsNullOrWhiteSpace(endpoint) ? null : endpoint;
        var (traces, logs, metrics) = (SignalEndpoint("TRACES"), SignalEndpoint("LOGS"), SignalEndpoint("METRICS"));
        if (traces is null && logs is null && metrics is null)
        {
            sinks.Off("OTLP", "OTEL_EXPORTER_OTLP_ENDPOINT is not set");
            return builder;
        }

        // One exporter per signal rather than UseOtlpExporter, which allows no second OTLP exporter
        // (Honeycomb's). Each reads the OTEL_EXPORTER_OTLP_* settings itself, except a signal's own
        // endpoint, which the per-signal exporters leave to their caller (used as it is).
        void Apply(OtlpExporterOptions exporter, string signal)
        {
            if (configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"] is { Length: > 0 } specific)
            {
                exporter.Endpoint = new Uri(specific, UriKind.Absolute);
            }
        }

        if (traces is not null)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddOtlpExporter(exporter => Apply(exporter, "TRACES")));
        }

        if (logs is not null)
        {
            builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddOtlpExporter(exporter => Apply(exporter, "LOGS")));
        }

        if (metrics is not null)
        {
            var interval = configuration["OTEL_METRIC_EXPORT_INTERVAL"];
            builder.Services.ConfigureOpenTelemetryMeterProvider(metering => metering.AddOtlpExporter((exporter, reader) =>
            {
                Apply(exporter, "METRICS");
                // Five seconds rather than sixty: a developer watching the dashboard wants it live.
                if (string.IsNullOrWhiteSpace(interval))
                {
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5_000;
                }
            }));
        }

        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        var where = traces == logs && logs == metrics ? traces!.Trim() : $"traces {traces ?? "off"}, logs {logs ?? "off"}, metrics {metrics ?? "off"}";
        sinks.On("OTLP", $"{where} ({(string.IsNullOrWhiteSpace(protocol) ? "grpc" : protocol.Trim())})");
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            // Answering at all is what "alive" means; readiness checks may be added without the tag.
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthProbes.LiveTag]);

        return builder;
    }

    private static TBuilder AddProblemDetailsErrors<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<IStartupFilter, AccessLogStartupFilter>();
        builder.Services.AddProblemDetails();
        builder.Services.PostConfigure<ProblemDetailsOptions>(options =>
            options.CustomizeProblemDetails = ProblemDetailsTraceId.After(options.CustomizeProblemDetails));

        // What the service's app.UseExceptionHandler() runs, in this order: a malformed request gets its
        // 4xx; what is left is a server fault, reported to Rollbar (when it is on) and answered with a
        // problem-details 500. The middleware itself is the app's: in Development a start-up filter's
        // would sit outside the developer exception page, which would answer first.
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.AddRollbar(SinkReport.For(builder));
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // /health: readiness, every check. /alive: liveness, only the "live" checks, so a slow
        // dependency does not get the process restarted.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthProbes.LiveTag),
        });

        return app;
    }
}
