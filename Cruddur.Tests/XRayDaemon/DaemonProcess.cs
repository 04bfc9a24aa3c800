using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

using Cruddur.Tests.Support;

namespace Cruddur.Tests.XRayDaemon;

/// <summary>The built Cruddur.XRayDaemon running as a real child process on free loopback ports.</summary>
internal sealed partial class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private DaemonProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Add(line.Data);
        process.ErrorDataReceived += (_, line) => Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IPEndPoint Udp { get; private set; } = null!;

    public Uri Tcp { get; private set; } = null!;

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Cruddur.XRayDaemon.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Never the developer's real AWS setup, never the EC2 metadata service.
        var nowhere = Path.Combine(Path.GetTempPath(), $"no-aws-{Guid.NewGuid():N}");
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
                     "AWS_DEFAULT_REGION", "XRAY_ENDPOINT", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                     "AWS_WEB_IDENTITY_TOKEN_FILE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = nowhere;
        start.Environment["AWS_CONFIG_FILE"] = nowhere;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return start;
    }

    public static ProcessStartInfo WithFakeCredentials(ProcessStartInfo start)
    {
        start.Environment["AWS_ACCESS_KEY_ID"] = FakeXRay.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        start.Environment["AWS_REGION"] = FakeXRay.Region;
        return start;
    }

    public static async Task<DaemonProcess> StartAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        var daemon = new DaemonProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        var udp = await daemon.WaitForLineAsync(line => UdpLine().IsMatch(line), cancellationToken);
        daemon.Udp = IPEndPoint.Parse(UdpLine().Match(udp).Groups[1].Value);
        var tcp = await daemon.WaitForLineAsync(line => TcpLine().IsMatch(line), cancellationToken);
        daemon.Tcp = new Uri(TcpLine().Match(tcp).Groups[1].Value);
        return daemon;
    }

    /// <summary>A daemon with fake credentials forwarding to <paramref name="xray"/>, reporting its counts every second.</summary>
    public static Task<DaemonProcess> StartForwardingAsync(FakeXRay xray, CancellationToken cancellationToken) =>
        StartAsync(WithFakeCredentials(StartInfo(
            "-o", "-b", "127.0.0.1:0", "-t", "127.0.0.1:0", "--endpoint", xray.Address.ToString(), "--stats-interval", "1")), cancellationToken);

    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var found = _lines.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (_process.HasExited && _process.WaitForExit(100))
            {
                found = _lines.FirstOrDefault(match);
                return found ?? throw new InvalidOperationException($"The daemon exited ({_process.ExitCode}):\n{string.Join('\n', _lines)}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"No such line from the daemon within {seconds} s:\n{string.Join('\n', _lines)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"Listening for segments on udp (\S+)$")]
    private static partial Regex UdpLine();

    [GeneratedRegex(@"Proxying the X-Ray API on tcp (\S+)$")]
    private static partial Regex TcpLine();
}
