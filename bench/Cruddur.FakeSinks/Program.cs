using Cruddur.Tests.Support;

// Local Honeycomb, CloudWatch Logs and Rollbar endpoints for the load benchmark (bench/load): prints
// one KEY=value line per endpoint, then serves until SIGTERM or Ctrl+C, and prints what each received.
var honeycombKey = args.Length > 0 ? args[0] : "hcBenchKey0123456789ab";
var rollbarToken = args.Length > 1 ? args[1] : "post_server_item_bench_0123456789";
await using var honeycomb = await FakeHoneycomb.StartAsync(honeycombKey);
await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
await using var rollbar = await FakeRollbar.StartAsync(rollbarToken);
Console.WriteLine($"HONEYCOMB_ENDPOINT={honeycomb.Endpoint}");
Console.WriteLine($"CLOUDWATCH_ENDPOINT={cloudWatch.Endpoint}");
Console.WriteLine($"ROLLBAR_ENDPOINT={rollbar.Endpoint}");
Console.WriteLine("ready");

var stop = new TaskCompletionSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.TrySetResult();
    });
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;
Console.WriteLine($"received: honeycomb spans={honeycomb.Spans.Count()}, cloudwatch events={cloudWatch.Batches.Sum(b => b.Events.Count)}, rollbar items={rollbar.Items.Count}");
