using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>The logging provider that ships every record to CloudWatch Logs through one shipper.</summary>
[ProviderAlias("CloudWatch")]
internal sealed class CloudWatchLoggerProvider(CloudWatchLogShipper shipper, CloudWatchEventFormatter formatter)
    : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, CloudWatchLogger> _loggers = new(StringComparer.Ordinal);

    public CloudWatchLogShipper Shipper { get; } = shipper;

    public CloudWatchEventFormatter Formatter { get; } = formatter;

    public IExternalScopeProvider Scopes { get; private set; } = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new CloudWatchLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

    // The shipper is a container singleton: the container disposes (and so flushes) it.
    public void Dispose() => _loggers.Clear();
}
