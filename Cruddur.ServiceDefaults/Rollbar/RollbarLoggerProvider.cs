using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.Rollbar;

/// <summary>With <c>Rollbar:ReportLogLevel</c> set, log records at that level and above become items.</summary>
[ProviderAlias("Rollbar")]
internal sealed class RollbarLoggerProvider : ILoggerProvider
{
    // The exception handler reports unhandled exceptions itself; its own log line would be a duplicate.
    private const string ExceptionHandlerCategory = "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware";

    private readonly RollbarNotifier _notifier;
    private readonly RollbarItemBuilder _builder;
    private readonly IHttpContextAccessor _http;
    private readonly RollbarOptions _options;

    public RollbarLoggerProvider(RollbarNotifier notifier, RollbarItemBuilder builder, IHttpContextAccessor http, RollbarOptions options)
    {
        _notifier = notifier;
        _builder = builder;
        _http = http;
        _options = options;
    }

    public ILogger CreateLogger(string categoryName) => new RollbarLogger(categoryName, this);

    public void Dispose()
    {
        // The notifier is a container singleton and is disposed there.
    }

    private sealed class RollbarLogger(string category, RollbarLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && provider._options.ReportLogLevel is { } minimum && logLevel >= minimum
            && category != ExceptionHandlerCategory;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel == LogLevel.Critical ? "critical" : "error";
            var context = provider._http.HttpContext;
            var message = formatter(state, exception);
            // Without the request body nothing here awaits I/O, so the caller never waits.
            var data = (exception is null
                ? provider._builder.ForMessageAsync(message, level, context, includeBody: false)
                : provider._builder.ForExceptionAsync(exception, level, context, includeBody: false)).GetAwaiter().GetResult();
            if (data["custom"] is JsonObject custom)
            {
                custom["category"] = category;
                custom["log_message"] = message;
            }

            provider._notifier.Enqueue(data);
        }
    }
}
