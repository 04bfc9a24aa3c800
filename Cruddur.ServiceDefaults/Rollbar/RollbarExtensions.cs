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
/// Rollbar: unhandled exceptions and (from <c>Rollbar:ReportLogLevel</c>) log records become items,
/// when <c>ROLLBAR_ACCESS_TOKEN</c> is set.
/// </summary>
internal static class RollbarExtensions
{
    public const string SinkName = "Rollbar";
    public const string AccessTokenSetting = "ROLLBAR_ACCESS_TOKEN";

    /// <summary>
    /// The notifier, its logger provider and its exception reporter when a token is set. Call it
    /// between the client-error and the generic exception handlers: handlers run in registration order.
    /// </summary>
    public static IHostApplicationBuilder AddRollbar(this IHostApplicationBuilder builder, SinkReport sinks)
    {
        var section = builder.Configuration.GetSection(RollbarOptions.SectionName);
        var token = builder.Configuration[AccessTokenSetting]?.Trim();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RollbarOptions>, RollbarOptionsValidation>());
        builder.Services.AddOptions<RollbarOptions>()
            .Bind(section)
            .Configure(options => options.AccessToken = string.IsNullOrEmpty(token) ? null : token)
            .ValidateOnStart();
        if (string.IsNullOrEmpty(token))
        {
            sinks.Off(SinkName, $"{AccessTokenSetting} is not set");
            return builder;
        }

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<RollbarOptions>>().Value;
            return new RollbarNotifier(SinkHttpClient.Create(Timeout.InfiniteTimeSpan), options, ownsHttp: true);
        });
        builder.Services.AddSingleton(services => new RollbarItemBuilder(
            services.GetRequiredService<ServiceIdentity>(),
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<IOptions<RollbarOptions>>().Value));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ILoggerProvider>(services => new RollbarLoggerProvider(
            services.GetRequiredService<RollbarNotifier>(),
            services.GetRequiredService<RollbarItemBuilder>(),
            services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(),
            services.GetRequiredService<IOptions<RollbarOptions>>().Value));
        builder.Services.AddExceptionHandler<RollbarExceptionReporter>();
        builder.Services.AddSingleton<IStartupFilter, RollbarStartupFilter>();
        var endpoint = section["Endpoint"] ?? new RollbarOptions().Endpoint;
        sinks.On(SinkName, $"items to {endpoint}");
        return builder;
    }
}
