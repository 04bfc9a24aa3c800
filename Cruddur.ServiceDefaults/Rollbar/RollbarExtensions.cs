using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>
/// Unhandled exceptions answered with problem details in every service, and reported as Rollbar
/// items when <c>ROLLBAR_ACCESS_TOKEN</c> is set.
/// </summary>
internal static class RollbarExtensions
{
    public const string SinkName = "Rollbar";
    public const string AccessTokenSetting = "ROLLBAR_ACCESS_TOKEN";

    public static IHostApplicationBuilder AddRollbar(this IHostApplicationBuilder builder)
    {
        var sinks = SinkReport.For(builder);
        var section = builder.Configuration.GetSection(RollbarOptions.SectionName);
        var token = builder.Configuration[AccessTokenSetting]?.Trim();
        builder.Services.AddProblemDetails();
        // Order matters: a client's malformed request is answered with its 4xx first; only what
        // is left is a server fault (500, reported to Rollbar).
        builder.Services.AddExceptionHandler<Http.BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RollbarOptions>, RollbarOptionsValidation>());
        builder.Services.AddOptions<RollbarOptions>()
            .Bind(section)
            .Configure(options => options.AccessToken = string.IsNullOrEmpty(token) ? null : token)
            .ValidateOnStart();
        var on = !string.IsNullOrEmpty(token);
        builder.Services.AddSingleton<IStartupFilter>(new RollbarStartupFilter(bufferBodies: on));
        if (!on)
        {
            sinks.Off(SinkName, $"{AccessTokenSetting} is not set");
            return builder;
        }

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<RollbarOptions>>().Value;
            // No propagator: posting an item is not part of any trace and makes no client span.
            var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = Timeout.InfiniteTimeSpan };
            return new RollbarNotifier(http, options, ownsHttp: true);
        });
        builder.Services.AddSingleton(services => new RollbarItemBuilder(
            services.GetRequiredService<ServiceResource>(),
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<IOptions<RollbarOptions>>().Value));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ILoggerProvider>(services => new RollbarLoggerProvider(
            services.GetRequiredService<RollbarNotifier>(),
            services.GetRequiredService<RollbarItemBuilder>(),
            services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(),
            services.GetRequiredService<IOptions<RollbarOptions>>().Value));
        var endpoint = section["Endpoint"] ?? new RollbarOptions().Endpoint;
        sinks.On(SinkName, $"items to {endpoint}");
        return builder;
    }
}
