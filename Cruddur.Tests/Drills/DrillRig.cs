using System.Net;
using System.Net.Sockets;
using System.Text;
using Cruddur.Tests.Gateway;
using Cruddur.Tests.Support;

namespace Cruddur.Tests.Drills;

/// <summary>
/// The real gateway and api as child processes, every sink on: an OTLP/HTTP receiver for traces and
/// logs (standing in for the Aspire dashboard), Honeycomb, CloudWatch Logs and Rollbar fakes, each
/// behind a <see cref="SinkSwitch"/>, and a UDP stand-in for the X-Ray daemon. The services' own counters (meter <c>Cruddur.Telemetry</c>) go to a
/// separate OTLP receiver that no drill breaks, so what they count stays readable during an outage.
/// </summary>
internal sealed class DrillRig : IAsyncDisposable
{
    public const string HoneycombKey = "hcDrillKey0123456789ab";
    public const string RollbarToken = "post_server_item_drill_0123456789";
    public const string Api = "cruddur-api";
    public const string Gateway = "cruddur-gateway";

    private readonly List<ApiProcess> _processes = [];
    private Socket? _daemon;
    private int _datagrams;

    private DrillRig(FakeHoneycomb honeycomb, FakeCloudWatchLogs cloudWatch, FakeRollbar rollbar, OtlpHttpReceiver otlp,
        OtlpHttpReceiver counters)
    {
        Honeycomb = honeycomb;
        CloudWatch = cloudWatch;
        Rollbar = rollbar;
        Otlp = otlp;
        Counters = counters;
        HoneycombSwitch = SinkSwitch.Start(honeycomb.Endpoint);
        CloudWatchSwitch = SinkSwitch.Start(cloudWatch.Endpoint);
        RollbarSwitch = SinkSwitch.Start(rollbar.Endpoint);
        OtlpSwitch = SinkSwitch.Start(otlp.Endpoint);
    }

    public FakeHoneycomb Honeycomb { get; }
    public FakeCloudWatchLogs CloudWatch { get; }
    public FakeRollbar Rollbar { get; }
    /// <summary>The services' traces and logs (the receiver the drills kill).</summary>
    public OtlpHttpReceiver Otlp { get; private set; }
    public OtlpHttpReceiver Counters { get; }
    public SinkSwitch HoneycombSwitch { get; }
    public SinkSwitch CloudWatchSwitch { get; }
    public SinkSwitch RollbarSwitch { get; }
    public SinkSwitch OtlpSwitch { get; }
    public IReadOnlyList<SinkSwitch> Switches => [HoneycombSwitch, CloudWatchSwitch, RollbarSwitch, OtlpSwitch];
    public int DaemonPort { get; private set; }
    public int Datagrams => Volatile.Read(ref _datagrams);
    public ApiProcess ApiService => _processes[0];
    public ApiProcess GatewayService => _processes[1];

    /// <summary>Resident memory of the gateway and the api together.</summary>
    public long MemoryBytes => ApiService.WorkingSetBytes + GatewayService.WorkingSetBytes;

    public static async Task<DrillRig> StartAsync(IReadOnlyDictionary<string, string>? extra, CancellationToken cancellationToken)
    {
        var rig = new DrillRig(await FakeHoneycomb.StartAsync(HoneycombKey), await FakeCloudWatchLogs.StartAsync(),
            await FakeRollbar.StartAsync(RollbarToken), await OtlpHttpReceiver.StartAsync(cancellationToken), await OtlpHttpReceiver.StartAsync(cancellationToken));
        try
        {
            rig.StartDaemon();
            var api = await ApiProcess.StartAsync(rig.Environment(Api, extra), cancellationToken);
            rig._processes.Add(api);
            var gateway = rig.Environment(Gateway, extra);
            gateway["services__api__http__0"] = api.Address.ToString();
            // One client address sends the whole load: the per-client rate limit is not what a drill measures.
            gateway["Gateway__RateLimit__RequestsPerSecond"] = "1000000";
            gateway["Gateway__RateLimit__Burst"] = "1000000";
            // The gateway ships logging failures only; here both services put a line per request through their sinks.
            gateway["AccessLog__Successes"] = "true";
            rig._processes.Add(await ApiProcess.StartAsync(gateway, cancellationToken, "Cruddur.Gateway"));
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public Task<LoadRun> LoadAsync(string phase, int requests, CancellationToken cancellationToken, Func<int, Task>? afterEach = null) =>
        LoadRun.RunAsync(GatewayService.Address, phase, requests, concurrency: 20, afterEach, cancellationToken);

    /// <summary>Stops the OTLP receiver the way a crash would look to its clients: the port closes.</summary>
    public async Task KillOtlpReceiverAsync()
    {
        OtlpSwitch.Mode = SinkSwitchMode.Refuse;
        await Otlp.DisposeAsync();
    }

    /// <summary>A new receiver (empty, on a new port); services reach it at the address they were given.</summary>
    public async Task RestartOtlpReceiverAsync(CancellationToken cancellationToken)
    {
        Otlp = await OtlpHttpReceiver.StartAsync(cancellationToken);
        OtlpSwitch.Upstream = new Uri(Otlp.Endpoint);
        OtlpSwitch.Mode = SinkSwitchMode.Pass;
    }

    public void StopDaemon()
    {
        _daemon?.Dispose();
        _daemon = null;
    }

    /// <summary>
    /// Listens on the daemon's port. The first start picks a port below the kernel's ephemeral range
    /// (32768 and up), so while the "daemon" is down no other socket of the machine is handed its port
    /// and the restart can bind it again.
    /// </summary>
    public void StartDaemon()
    {
        if (DaemonPort != 0)
        {
            _daemon = Listen(DaemonPort);
            _ = ReceiveAsync(_daemon);
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                _daemon = Listen(port);
                DaemonPort = port;
                _ = ReceiveAsync(_daemon);
                return;
            }
            catch (SocketException) when (attempt < 50)
            {
                // Taken: try another.
            }
        }
    }

    private static Socket Listen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>CloudWatch events (both services) whose message is the access-log line of a drill phase.</summary>
    public int CloudWatchEventsOf(string phase) =>
        CloudWatch.Events("cruddur").Count(logEvent => logEvent.Message.Contains($"?drill={phase} ", StringComparison.Ordinal));

    public long Counter(string service, string name, string? reason = null) =>
        Counters.Counter(service, name, reason is null ? null : new KeyValuePair<string, string>("reason", reason));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        StopDaemon();
        foreach (var relay in Switches)
        {
            await relay.DisposeAsync();
        }

        await Otlp.DisposeAsync();
        await Counters.DisposeAsync();
        await Honeycomb.DisposeAsync();
        await CloudWatch.DisposeAsync();
        await Rollbar.DisposeAsync();
    }

    private Dictionary<string, string> Environment(string service, IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = service,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = $"{OtlpSwitch.Endpoint}/v1/traces",
            ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = $"{OtlpSwitch.Endpoint}/v1/logs",
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = $"{Counters.Endpoint.TrimEnd('/')}/v1/metrics",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["HONEYCOMB_API_KEY"] = HoneycombKey,
            ["HONEYCOMB_ENDPOINT"] = HoneycombSwitch.Endpoint,
            ["CloudWatch__Enabled"] = "true",
            ["CloudWatch__ServiceUrl"] = CloudWatchSwitch.Endpoint,
            ["CloudWatch__BatchPushInterval"] = "00:00:00.500",
            // Recovery is seen within a drill's minute rather than after the default 10 s back-off.
            ["CloudWatch__MaxRetryDelay"] = "00:00:01",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ["AWS_REGION"] = "us-east-1",
            ["ROLLBAR_ACCESS_TOKEN"] = RollbarToken,
            ["Rollbar__Endpoint"] = RollbarSwitch.Endpoint,
            ["AWS_XRAY_DAEMON_ADDRESS"] = $"127.0.0.1:{DaemonPort}",
            // A quiet console (the access log still reaches every sink), but the "Now listening on" line stays.
            ["Logging__Console__LogLevel__Default"] = "Warning",
            ["Logging__Console__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    private async Task ReceiveAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (Encoding.UTF8.GetString(buffer, 0, read).StartsWith("{\"format\": \"json\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _datagrams);
                }
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Stopped: the daemon is gone for the drill.
        }
    }
}
