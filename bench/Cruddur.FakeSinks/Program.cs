using Cruddur.FakeSinks;
using Cruddur.Tests.Support;

// Local OTLP (gRPC, standing in for the Aspire dashboard), Honeycomb, CloudWatch Logs and Rollbar endpoints
// for the load benchmark (bench/load): prints one KEY=value line per endpoint, then serves until SIGTERM or
// Ctrl+C, and prints what each received.
//
//   Cruddur.FakeSinks [--strict] [honeycomb-key] [rollbar-token]
//
// By default the endpoints are lean (read, count, answer success); --strict runs the tests' fakes for
// Honeycomb, CloudWatch Logs and Rollbar, which enforce each service's documented rules and keep everything
// they receive. The OTLP endpoint is lean either way.
var strict = args.Contains("--strict");
var rest = args.Where(arg => arg != "--strict").ToArray();
var honeycombKey = rest.Length > 0 ? rest[0] : "hcBenchKey0123456789ab";
var rollbarToken = rest.Length > 1 ? rest[1] : "post_server_item_bench_0123456789";

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

await using var otlp = await LeanOtlpReceiver.StartAsync();
if (!strict)
{
    await using var lean = await LeanSinks.StartAsync();
    await ServeUntilStoppedAsync(lean.Endpoint, lean.Endpoint, lean.Endpoint);
    Console.WriteLine($"received (lean): {lean.Requests} requests, {lean.Bytes} bytes; OTLP: {otlp.Exports} exports, {otlp.Bytes} bytes");
    return;
}

await using var honeycomb = await FakeHoneycomb.StartAsync(honeycombKey);
await using var cloudWatch = await FakeCloudWatchLogs.StartAsync();
await using var rollbar = await FakeRollbar.StartAsync(rollbarToken);
await ServeUntilStoppedAsync(honeycomb.Endpoint, cloudWatch.Endpoint, rollbar.Endpoint);
Console.WriteLine($"received: honeycomb spans={honeycomb.Spans.Count()}, cloudwatch events={cloudWatch.Batches.Sum(b => b.Events.Count)}, rollbar items={rollbar.Items.Count}; OTLP: {otlp.Exports} exports, {otlp.Bytes} bytes");

// What bench/load reads: the four endpoints, then "ready"; then serve until Ctrl+C or SIGTERM.
async Task ServeUntilStoppedAsync(string honeycombEndpoint, string cloudWatchEndpoint, string rollbarEndpoint)
{
    Console.WriteLine($"OTLP_ENDPOINT={otlp.Endpoint}");
    Console.WriteLine($"HONEYCOMB_ENDPOINT={honeycombEndpoint}");
    Console.WriteLine($"CLOUDWATCH_ENDPOINT={cloudWatchEndpoint}");
    Console.WriteLine($"ROLLBAR_ENDPOINT={rollbarEndpoint}");
    Console.WriteLine("ready");
    await stop.Task;
}
