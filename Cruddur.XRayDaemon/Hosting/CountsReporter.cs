namespace Cruddur.XRayDaemon.Hosting;

/// <summary>Logs the counts every interval, only when they changed, so an idle daemon stays quiet.</summary>
internal sealed class CountsReporter(DaemonCounters counters, DaemonOptions options, ILogger<CountsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = new DaemonCounters().ToString();
        using var timer = new PeriodicTimer(options.StatsInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = counters.ToString();
            if (now != last)
            {
                logger.LogInformation("Counts: {Counts}", now);
                last = now;
            }
        }
    }
}
