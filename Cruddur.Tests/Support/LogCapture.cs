using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Support;

/// <summary>A logging provider that keeps every formatted line, for assertions on what a service logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Lines { get; } = new();

    public string AllText => string.Join('\n', Lines.Select(line => $"{line.Level} {line.Category}: {line.Message} {line.Exception}"));

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public async Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching log line within {timeout}. Logged:\n{AllText}");
    }

    public void Dispose()
    {
        // Nothing held: the lines stay readable after the host is gone.
    }

    private sealed class CapturingLogger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            capture.Lines.Enqueue(new CapturedLog(logLevel, category, formatter(state, exception), exception?.ToString(),
                state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(pair => $"{pair.Key}={pair.Value}")) : ""));
    }
}

public sealed record CapturedLog(LogLevel Level, string Category, string Message, string? Exception, string State);
