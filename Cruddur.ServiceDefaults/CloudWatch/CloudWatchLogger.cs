using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>Formats a record on the caller's thread and queues it; the network is the shipper's business.</summary>
internal sealed class CloudWatchLogger(string category, CloudWatchLoggerProvider provider) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.Scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var scopes = new List<object?>();
        provider.Scopes.ForEachScope(static (scope, list) => list.Add(scope), scopes);
        var message = provider.Formatter.FormatUtf8(now, logLevel, category, eventId, formatter(state, exception), exception,
            state as IReadOnlyList<KeyValuePair<string, object?>>, scopes, Activity.Current);
        provider.Shipper.Enqueue(new CloudWatchLogEvent(now.ToUnixTimeMilliseconds(), message));
    }
}
