using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// Sends what is queued once the server has drained its requests on a graceful stop
/// (registered before the server, so it stops after it), within <c>CloudWatch:FlushTimeout</c>.
/// </summary>
internal sealed class CloudWatchFlushOnStop(CloudWatchLogShipper shipper, IOptions<CloudWatchOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => shipper.FlushAsync(options.Value.FlushTimeout);
}
